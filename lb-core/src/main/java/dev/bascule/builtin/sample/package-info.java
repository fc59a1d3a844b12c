/**
 * The built-in sample fetches, ACL match methods and ACL keywords, served as the {@code samples}
 * plugin. They follow HAProxy 2.6 ({@code src/http_fetch.c}, {@code src/pattern.c},
 * {@code src/acl.c}); where they differ the class says so.
 *
 * <p>Fetches and matchers run on event loops: they read the traffic view's character sequences
 * by range and never allocate. Everything that can be checked is checked when the factories
 * compile arguments and patterns.
 */
package dev.bascule.builtin.sample;
