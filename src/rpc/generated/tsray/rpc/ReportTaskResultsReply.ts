// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto


export interface ReportTaskResultsReply {
}

export interface ReportTaskResultsReply__Output {
}
