/**
 * Vitest global setup: one DynamoDB Local for the whole run (a JVM start costs seconds), shared by every
 * test file. Each local stack on it makes a table of its own, so files stay isolated. Without Java the run
 * stops here with one line that says how to install it.
 */
import type { TestProject } from 'vitest/node';
import { JavaMissingError, startDynamoDbLocal } from '../../local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let emulator: Awaited<ReturnType<typeof startDynamoDbLocal>>;
  try {
    emulator = await startDynamoDbLocal();
  } catch (error) {
    if (error instanceof JavaMissingError) {
      // One line, not a stack trace: the run cannot go on, and this says what to do.
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  project.provide('dynamodbEndpoint', emulator.endpoint);
  return () => emulator.stop();
}
