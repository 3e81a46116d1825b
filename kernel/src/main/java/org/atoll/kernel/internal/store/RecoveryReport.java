package org.atoll.kernel.internal.store;

/**
 * What opening a store found; for logs and tests.
 *
 * @param snapshotGeneration the snapshot loaded, 0 for none
 * @param logsReplayed       log generations read after it
 * @param recordsReplayed    records applied from them
 * @param tornBytes          bytes cut from the end of the last log (a write the crash interrupted)
 * @param tornReason         what was wrong there, or null
 * @param leftoversDeleted   files an interrupted compaction left: temporary snapshots, and logs
 *                           or snapshots already covered by the newest snapshot
 */
record RecoveryReport(long snapshotGeneration, int logsReplayed, long recordsReplayed, long tornBytes, String tornReason,
        int leftoversDeleted) {

    boolean truncatedTornTail() {
        return tornBytes > 0;
    }
}
