/**
 * Imported first by the benchmark runner: the logger and metrics read their settings when their module
 * loads, which the runner's other imports trigger, so the defaults are set before any of them.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
