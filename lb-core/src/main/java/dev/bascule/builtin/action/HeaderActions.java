package dev.bascule.builtin.action;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.action.Action;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.ActionSetup;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.UnexpectedWordException;
import dev.bascule.api.sample.SampleFormat;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code add-header NAME FMT}, {@code set-header NAME FMT} and {@code del-header NAME [-m METH]}
 * of the HTTP rule sets (HAProxy's {@code parse_http_set_header()} / {@code parse_http_del_header()}).
 * Names are lower-cased, as HAProxy's HTX layer sends every name; a value without expressions is
 * written as it is, without rendering.
 */
final class HeaderActions {
    /** The rule sets header actions may be written in. */
    static final Set<RuleSet> HTTP = EnumSet.of(RuleSet.HTTP_REQUEST, RuleSet.HTTP_RESPONSE,
            RuleSet.HTTP_AFTER_RESPONSE);

    private HeaderActions() {
    }

    /** {@code add-header} ({@code set} false) or {@code set-header}. */
    static final class Write extends BuiltinAction {
        private final boolean set;

        Write(boolean set) {
            super(set ? "set-header" : "add-header", false, false, HTTP);
            this.set = set;
        }

        @Override
        public Action create(String written, List<String> arguments, ActionSetup setup)
                throws InvalidArgumentException {
            if (arguments.size() < 2) {
                throw new InvalidArgumentException("expects exactly 2 arguments.");
            }
            UnexpectedWordException.checkUsed(arguments, 2);
            String name = arguments.get(0).toLowerCase(Locale.ROOT);
            SampleFormat format = setup.format(arguments.get(1));
            if (format.constant()) {
                String value = arguments.get(1);
                return set ? context -> {
                    context.head().setHeader(name, value);
                    return ActionResult.CONTINUE;
                } : context -> {
                    context.head().addHeader(name, value);
                    return ActionResult.CONTINUE;
                };
            }
            return set ? context -> {
                context.head().setHeader(name, format.render(context.traffic(), context.sample()));
                return ActionResult.CONTINUE;
            } : context -> {
                context.head().addHeader(name, format.render(context.traffic(), context.sample()));
                return ActionResult.CONTINUE;
            };
        }
    }

    /** {@code del-header NAME [-m str|beg|end|sub|reg]}. */
    static final class Delete extends BuiltinAction {
        Delete() {
            super("del-header", false, false, HTTP);
        }

        @Override
        public Action create(String written, List<String> arguments, ActionSetup setup)
                throws InvalidArgumentException {
            if (arguments.isEmpty()) {
                throw new InvalidArgumentException("expects at least 1 argument.");
            }
            String name = arguments.get(0);
            String method = "str";
            if (arguments.size() > 1) {
                if (!arguments.get(1).equals("-m")) {
                    throw new UnexpectedWordException(arguments.get(1));
                }
                if (arguments.size() < 3) {
                    throw new InvalidArgumentException("-m flag expects exactly 1 argument.");
                }
                method = arguments.get(2);
                UnexpectedWordException.checkUsed(arguments, 3);
            }
            switch (method) {
                case "str", "beg", "end", "sub" -> {
                }
                case "reg" -> {
                    try {
                        Pattern.compile(name);
                    } catch (PatternSyntaxException e) {
                        throw new InvalidArgumentException("regex '" + name + "' is invalid: " + e.getDescription()
                                + ".");
                    }
                }
                default -> throw new InvalidArgumentException("-m with unsupported matching method '" + method
                        + "'.");
            }
            HeaderNameMatcher names = HeaderNameMatcher.of(name, method);
            return context -> {
                context.head().removeHeaders(names);
                return ActionResult.CONTINUE;
            };
        }
    }
}
