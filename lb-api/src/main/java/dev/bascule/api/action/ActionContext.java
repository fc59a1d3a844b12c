package dev.bascule.api.action;

import dev.bascule.api.Nullable;

import java.net.InetAddress;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.TrafficView;

/**
 * The message an {@link Action} runs on, as HAProxy hands {@code action_ptr} its stream. The host
 * reuses one context per connection: use it during {@link Action#apply} only, on the event loop
 * that called it. Grows through default methods.
 */
public interface ActionContext {
    /** The rule set being run. */
    RuleSet ruleSet();

    /** What sample fetches and formats read: the connection, and the message in HTTP rule sets. */
    TrafficView traffic();

    /** A scratch holder for fetches, owned by the event loop; reset it before use. */
    Sample sample();

    /**
     * The head of the HTTP message the rule set runs on (the request for {@code http-request},
     * the response for {@code http-response} and {@code http-after-response}), null in TCP rule sets.
     */
    @Nullable HttpHead head();

    /**
     * Answers the client with {@code reply} instead of a server's response (HAProxy's
     * {@code http_reply_message()}); the action then returns {@link ActionResult#DONE}. In a
     * response rule set the reply replaces the server's response. Not available in TCP rule sets
     * ({@link IllegalStateException}).
     */
    void reply(HttpReply reply);

    /**
     * Refuses the message: in HTTP rule sets the client gets the proxy's error reply for
     * {@code status} (its {@code errorfile}, else HAProxy's built-in page; a status HAProxy has no
     * message for is answered as 500, as HAProxy's {@code http_get_status_idx()} maps it) and the
     * deny is counted;
     * in TCP rule sets the connection is closed and the status is ignored. The action then
     * returns {@link ActionResult#DENY}.
     */
    void deny(int status);

    /**
     * {@code tcp-response content close}: the server connection closes once what was relayed is
     * sent; the action then returns {@link ActionResult#STOP}. {@code tcp-response content} only
     * ({@link IllegalStateException} elsewhere).
     */
    void closeServer();

    /**
     * Sets the address the connection is seen from ({@code set-src}): fetches and logs read it
     * instead of the peer's, as HAProxy's {@code set-src}. HTTP rule sets only.
     */
    void setSource(InetAddress address);

    /** Sets the address the connection is seen to ({@code set-dst}). HTTP rule sets only. */
    void setDestination(InetAddress address);

    /**
     * Sets the log level of the stream's log line ({@code set-log-level}): 0 ({@code emerg}) to 7
     * ({@code debug}), or -1 for {@code silent} (no line).
     */
    void setLogLevel(int level);

    /**
     * Answers the client with {@code reply}, a template the host compiled for this action
     * ({@link ActionSetup#httpReply}), its log-format parts rendered for this message (HAProxy's
     * {@code http_reply_message()} for {@code return} and {@code auth}); the proxy's own reply for
     * the status when the template says so. In {@code http-response} the reply replaces the
     * server's response. The action then returns {@link ActionResult#DONE}. {@code http-request}
     * and {@code http-response} only ({@link IllegalStateException} elsewhere). Allocates only the response it sends.
     *
     * @since 1.1
     */
    default void reply(ReplyTemplate reply) {
        throw new IllegalStateException(ruleSet().keyword() + " rules cannot reply with a template");
    }

    /**
     * Refuses the message with {@code reply} ({@code http-request deny status 429 string ...}, HAProxy's
     * {@code http_action_deny()}): counted as a deny, and in {@code http-request} the client gets
     * the reply, then the connection closes; in {@code http-response} the server's response is
     * dropped and the client gets the proxy's reply for the template's status. The action then
     * returns {@link ActionResult#DENY}. HTTP rule sets but {@code http-after-response} only
     * ({@link IllegalStateException} elsewhere).
     *
     * @since 1.1
     */
    default void deny(ReplyTemplate reply) {
        throw new IllegalStateException(ruleSet().keyword() + " rules cannot deny with a template");
    }

    /**
     * Tarpits the request ({@code http-request tarpit}, HAProxy's {@code TX_CLTARPIT}): counted as
     * a deny; the rest of the request is read and dropped, the client waits for the section's
     * {@code timeout tarpit}, then gets {@code reply} (the proxy's reply for its status when the
     * template says so) and the connection closes; logged {@code PT}. The action then returns
     * {@link ActionResult#DENY}. {@code http-request} only ({@link IllegalStateException} elsewhere).
     *
     * @since 1.1
     */
    default void tarpit(ReplyTemplate reply) {
        throw new IllegalStateException(ruleSet().keyword() + " rules cannot tarpit");
    }

    /**
     * Answers the client with a redirect as HAProxy's {@code http_apply_redirect_rule()} sends it:
     * {@code code} (301, 302, 303, 307 or 308) with an empty body, {@code location}, a
     * {@code cache-control: no-cache} for 302, 303 and 307, {@code cookie} as a {@code set-cookie}
     * line when not null, and the connection closed after it when the request is not all read. In
     * {@code http-response} the server's response is dropped for it. The action then returns
     * {@link ActionResult#DONE}. {@code http-request} and {@code http-response} only
     * ({@link IllegalStateException} elsewhere). The host copies both texts before the call returns.
     *
     * @since 1.1
     */
    default void redirect(int code, CharSequence location, @Nullable CharSequence cookie) {
        throw new IllegalStateException(ruleSet().keyword() + " rules cannot redirect");
    }

    /**
     * Writes {@code value}, as text cut to the slot's length, into capture slot {@code slot} of the
     * stream's frontend ({@code http-request capture} into a request slot, {@code http-response} and
     * {@code http-after-response} into a response slot), where the log line's {@code %hr} /
     * {@code %hs} and {@code capture.req.hdr()} read it: nothing when the frontend has no such slot
     * or the value cannot be text. The host copies the text before the call returns. HTTP rule
     * sets only ({@link IllegalStateException} elsewhere).
     *
     * @since 1.1
     */
    default void capture(int slot, Sample value) {
        throw new IllegalStateException(ruleSet().keyword() + " rules cannot capture");
    }

    /**
     * Asks the host to pause the rule set until the request body is there (HAProxy's
     * {@code http-request wait-for-body}): all of it, or {@code atLeastBytes} of it (0: all), or a
     * buffer's worth, within {@code timeoutMillis} (after which the client gets a 408). The action
     * then returns {@link ActionResult#YIELD}; when the body is already there the rules go on at
     * once. {@code http-request} only ({@link IllegalStateException} elsewhere).
     *
     * @since 1.1
     */
    default void waitForBody(long timeoutMillis, long atLeastBytes) {
        throw new IllegalStateException(ruleSet().keyword() + " rules cannot wait for the body");
    }

    /**
     * Whether {@code counter}'s slot already tracks an entry at its level (the first rule to track
     * a slot wins, as in HAProxy), or the stream cannot track at all: then {@link #track} would do
     * nothing, and the key need not be fetched. Allocates nothing.
     *
     * @since 1.1
     */
    default boolean isTracking(StickCounter counter) {
        return true;
    }

    /**
     * Tracks the entry of {@code key} in {@code counter}'s table, created when needed, in its slot
     * ({@code track-sc}); in {@code http-request} (and a {@code tcp-request content} rule on an
     * HTTP request) the request is counted on it, as HAProxy counts it. Nothing when the slot
     * already tracks one. {@code http-request} and {@code tcp-request} rule sets only.
     *
     * @since 1.1
     */
    default void track(StickCounter counter, Sample key) {
        throw new IllegalStateException(ruleSet().keyword() + " rules cannot track");
    }

    /**
     * Hands the request to the host's service called {@code service} (HAProxy's
     * {@code http-request use-service}): the service answers the client in the proxy's place, and
     * the action then returns {@link ActionResult#DONE}. {@code service} is one the host serves
     * ({@link ActionSetup#services()}). {@code http-request} only ({@link IllegalStateException}
     * elsewhere).
     *
     * @since 1.1
     */
    default void useService(String service) {
        throw new IllegalStateException(ruleSet().keyword() + " rules cannot use a service");
    }
}
