import schema from './report.schema.json' with { type: 'json' };

/** The JSON Schema (draft-07) of report.json; the file itself is reporters/report.schema.json. */
export const REPORT_JSON_SCHEMA: object = schema;
