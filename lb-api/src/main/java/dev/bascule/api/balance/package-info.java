/**
 * The balancing SPI, in three layers: a {@link dev.bascule.api.balance.BalancingAlgorithmFactory}
 * named by {@code balance <name>}, a {@link dev.bascule.api.balance.BalancingAlgorithm} holding a
 * backend's arguments, and immutable {@link dev.bascule.api.balance.ServerPicker}s rebuilt on the
 * control plane whenever membership, weights or health change, then read on event loops.
 */
package dev.bascule.api.balance;
