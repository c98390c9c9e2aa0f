/**
 * Imported first by the command-line entries (ops, the benchmark runner): the logger and metrics read their
 * settings when their module loads, which the entries' other imports trigger, so the defaults are set
 * before any of them. An operator's terminal and a benchmark's figures want answers, not JSON log lines.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
