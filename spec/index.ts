export { compileJsonSchema, loadValidator, type ResponseValidator, type Violation } from './validator.js';
export { PROVISIONING_OPERATION_IDS, SETTINGS_CELLS, SETTINGS_OPERATIONS, type CellKey, type SettingsOperationId } from './operations.js';
export { formatDuration, parseDuration } from './duration.js';
