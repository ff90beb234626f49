/** The task queue the worker polls; the API starts every workflow on it. */
export const DEFAULT_TASK_QUEUE = 'apex-main';
