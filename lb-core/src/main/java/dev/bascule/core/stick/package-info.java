/**
 * Stick tables ({@code stick-table}) and the counters streams track in them ({@code track-sc0..2}):
 * shared by every event loop, lock-free.
 */
package dev.bascule.core.stick;
