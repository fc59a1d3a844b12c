package dev.bascule.api.config;

/**
 * What a {@code tcp-request connection|session|content} or {@code tcp-response content} rule
 * does: an action kept as written for its {@link dev.bascule.api.action.ActionFactory}
 * ({@code accept}, {@code reject}, {@code track-sc0}, {@code set-var}...).
 */
public sealed interface TcpAction permits ActionCall {
}
