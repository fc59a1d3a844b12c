/** The services {@code http-request use-service} hands requests to, and their registry. */
package dev.bascule.core.service;
