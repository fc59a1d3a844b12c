package com.example.bascule;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.action.Action;
import dev.bascule.api.action.ActionContext;
import dev.bascule.api.action.ActionFactory;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.ActionSetup;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.UnexpectedWordException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleType;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rule action {@code http-request example.tag <header> <expression> [or-deny <status>]}: sets
 * the request header {@code <header>} to the value of the sample expression, for the servers to
 * read. {@code http-request example.tag x-client-key req.hdr(x-api-key),example.mask(4)} hands the
 * servers the client's key, masked. When the expression has no value the header is removed
 * instead, so that a client cannot send it itself; with {@code or-deny <status>} the request is
 * refused instead, with the proxy's error page for that status ({@code or-deny 401}), and no
 * server sees it. Like any rule it runs only when its condition holds ({@code if} / {@code unless}).
 *
 * <p>The factory runs on the control plane, where it parses the words once. It is called twice for
 * each line: by the loader to check the line as soon as it is read (the fetch it gets from the
 * setup then cannot run, and the action is dropped), and by the host when it compiles the
 * configuration. So it has no side effect: it only builds the action. The action runs on event
 * loops, shared by all of them: its state is immutable, it reads and writes the message through
 * the context it is handed, and allocates only the header value the message keeps.
 */
public final class TagActionFactory implements ActionFactory {
    /** The option that turns "no value" into a refusal. */
    private static final String OR_DENY = "or-deny";

    /**
     * The error statuses the proxy has a page for, HAProxy's: a deny answers with one of them (or
     * with the proxy's {@code errorfile} for it), so another status is refused at load, as HAProxy
     * refuses {@code deny_status 418}.
     */
    private static final List<Integer> DENY_STATUSES = List.of(400, 401, 403, 404, 405, 407, 408, 410, 413, 421,
            422, 425, 429, 500, 501, 502, 503, 504);

    @Override
    public String keyword() {
        return "example.tag";
    }

    /**
     * Request rules only: {@code http-response example.tag ...} is refused at load, naming the rule
     * sets the keyword is allowed in.
     */
    @Override
    public Set<RuleSet> ruleSets() {
        return EnumSet.of(RuleSet.HTTP_REQUEST);
    }

    /**
     * {@code arguments} are the words after the keyword up to the line's {@code if} / {@code unless}
     * ({@code ["x-client-key", "req.hdr(x-api-key),example.mask(4)", "or-deny", "401"]}). Each
     * message becomes an {@code [ALERT]} with the file and line, after "error detected in frontend
     * 'fe' while parsing 'http-request example.tag' rule : ".
     */
    @Override
    public Action create(String written, List<String> arguments, ActionSetup setup) throws InvalidArgumentException {
        if (arguments.size() < 2) {
            throw new InvalidArgumentException("expects <header> <expression> [or-deny <status>].");
        }
        String header = arguments.get(0);
        if (!isToken(header)) {
            // checked here: a name the HTTP layer refuses would otherwise fail on every request
            throw new InvalidArgumentException("'" + header + "' is not a valid header name.");
        }
        // the host's grammar, with its own messages (an unknown fetch, a response fetch in a request rule...)
        SampleFetch expression = setup.expression(arguments.get(1));
        int denyStatus = 0;
        if (arguments.size() > 2) {
            if (!arguments.get(2).equals(OR_DENY)) {
                // the language words it: "... expects either 'if' or 'unless' followed by a condition but found 'x'."
                throw new UnexpectedWordException(arguments.get(2));
            }
            if (arguments.size() < 4) {
                throw new InvalidArgumentException(statusExpected() + ".");
            }
            denyStatus = status(arguments.get(3));
            UnexpectedWordException.checkUsed(arguments, 4);
        }
        // header names travel lower-cased, as HAProxy sends them
        return new Tag(header.toLowerCase(Locale.ROOT), expression, denyStatus);
    }

    private static int status(String word) throws InvalidArgumentException {
        int status;
        try {
            status = Integer.parseInt(word);
        } catch (NumberFormatException e) {
            status = -1;
        }
        if (!DENY_STATUSES.contains(status)) {
            throw new InvalidArgumentException(statusExpected() + " (got '" + word + "').");
        }
        return status;
    }

    private static String statusExpected() {
        return "'" + OR_DENY + "' expects a status the proxy has an error page for: " + DENY_STATUSES.stream()
                .map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** RFC 9110's token: the characters a header name may have. */
    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letterOrDigit = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!letterOrDigit && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** One {@code example.tag} line. Immutable: one instance serves every event loop. */
    private static final class Tag implements Action {
        private final String header;
        private final SampleFetch expression;
        /** The status of {@code or-deny}; 0 without it. */
        private final int denyStatus;

        Tag(String header, SampleFetch expression, int denyStatus) {
            this.header = header;
            this.expression = expression;
            this.denyStatus = denyStatus;
        }

        /** Event loop, for each request the rule's condition holds for. Never blocks. */
        @Override
        public ActionResult apply(ActionContext context) {
            // the event loop's scratch holder; false: one value (the last of a repeated header), as %[...] takes
            Sample sample = context.sample().reset(false);
            if (expression.fetch(context.traffic(), sample) && sample.castTo(SampleType.STRING)) {
                // the message keeps the value it is given: a String of its own, never the sample's
                // text, whose buffers the next fetch reuses (a String value whole is not copied)
                String value = sample.text().subSequence(sample.start(), sample.end()).toString();
                context.head().setHeader(header, value);
                return ActionResult.CONTINUE;
            }
            if (denyStatus != 0) {
                // the client gets the proxy's page for the status (or its errorfile); the rules stop here
                context.deny(denyStatus);
                return ActionResult.DENY;
            }
            // no value: whatever the client sent under that name does not reach the server
            context.head().removeHeader(header);
            return ActionResult.CONTINUE;
        }
    }
}
