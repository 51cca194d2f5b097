/**
 * The anonymous reporting portal: anyone reports a concern and gets a receipt code; with it they
 * come back, read replies, answer questions and add information. The CCU reads and replies from its
 * queue. Nothing identifying is stored (see migrations/0007_portal.sql); the reporter's actions leave
 * no audit entry (an entry's time would identify them); the CCU's do. `reporter.ts` and `ccu.ts` hold
 * the two sides' rules, `repo.ts` the SQL.
 */
export { CATEGORIES, REPORTERS, STATUSES, type PortalReport } from './labels.ts';
export {
  addReporterMessage,
  openWithReceipt,
  submitPortalReport,
  type NewPortalReport,
  type ReceiptResult,
} from './reporter.ts';
export {
  downloadPortalAttachment,
  portalAttachments,
  portalQueue,
  purgeExpired,
  replyToPortalReport,
  setPortalStatus,
  viewPortalReport,
} from './ccu.ts';
export { awaitingReply, portalCategories, WAIT_BANDS } from './counts.ts';
export { formatReceipt, parseReceipt } from './receipt.ts';
export {
  ProofOfWork,
  solve,
  DIFFICULTY_BITS,
  NO_SCRIPT_WAIT_SECONDS,
  WAIT_VALID_MS,
  WAITED_PER_SOURCE_PER_HOUR,
  type PowVerdict,
} from './pow.ts';
export { ReceiptThrottle, SourceBuckets } from './throttle.ts';
