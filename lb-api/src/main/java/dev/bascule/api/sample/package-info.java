/**
 * Sample fetches and ACL matchers, mirroring HAProxy's keyword tables: a fetch extracts a value
 * from the traffic into a reusable {@link dev.bascule.api.sample.Sample} holder, a matcher
 * compiled once at load time tests it. Both run on event loops without allocating. Their
 * factories run on the control plane and reach the configuration they belong to only through the
 * context they are created with ({@link dev.bascule.api.sample.FetchContext},
 * {@link dev.bascule.api.sample.ConverterContext}).
 */
package dev.bascule.api.sample;
