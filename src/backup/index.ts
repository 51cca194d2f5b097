/** Backup and restore of the embedded database with its evidence folder (`probity backup`, `probity restore`). */
export { BackupError } from './manifest.ts';
export { writeBackup, type BackupSummary } from './backup.ts';
export { restoreBackup, type RestoreSummary } from './restore.ts';
