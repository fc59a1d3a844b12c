package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.sample.ConverterContext;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleConverter;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.api.sample.Variables;

import java.util.List;

/** HAProxy's converters that read a variable: {@code add_item}, {@code concat}, {@code strcmp} ({@code sample.c}). */
final class VariableConverters {
    private VariableConverters() {
    }

    /**
     * Holders for a variable's value, one per event loop: each converter reading a variable has its
     * own (a converter is shared by every loop).
     */
    static ThreadLocal<Sample> holders() {
        return ThreadLocal.withInitial(Sample::new);
    }

    /** The variable as text into the thread's holder, or null when it is not set or cannot be text. */
    private static Sample text(TrafficView traffic, String variable, ThreadLocal<Sample> holders) {
        if (variable == null || variable.isEmpty()) {
            return null;
        }
        Variables variables = traffic.variables();
        Sample value = holders.get().reset(false);
        if (variables == null || !variables.get(variable, value) || !value.castTo(SampleType.STRING)) {
            return null;
        }
        return value;
    }

    private static String variableArgument(String keyword, String name) throws InvalidArgumentException {
        if (!name.isEmpty() && !Variables.validName(name)) {
            throw new InvalidArgumentException("invalid variable name '" + name + "' in '" + keyword + "'");
        }
        return name;
    }

    /**
     * {@code add_item(delim,[var][,suffix])}: appends the variable and the suffix, after the
     * delimiter when the input is not empty and something follows.
     */
    /**
     * {@code set-var(name[,cond...])} as a converter: stores the sample in the variable when the
     * conditions hold and passes it on unchanged; nothing when they do not (HAProxy's
     * {@code smp_conv_store()}).
     */
    static SampleConverter setVariable(String keyword, List<String> arguments, ConverterContext context)
            throws InvalidArgumentException {
        if (arguments.isEmpty() || arguments.size() > 5) {
            throw new InvalidArgumentException("'" + keyword + "' expects a variable name and up to 4 conditions");
        }
        String name = VariableFetch.checkedName(arguments.get(0));
        int conditions = 0;
        for (String word : arguments.subList(1, arguments.size())) {
            int condition = Variables.condition(word);
            if (condition == 0) {
                throw new InvalidArgumentException("unknown condition \"" + word + "\"");
            }
            conditions |= condition;
        }
        context.declareVariable(name);
        int flags = conditions;
        // HAProxy's: no sample when the variable is not set (a condition failed)
        return (traffic, sample) -> {
            Variables variables = traffic.variables();
            return variables != null && variables.set(name, sample, flags);
        };
    }

    /** {@code unset-var(name)} as a converter: the variable goes, the sample passes on unchanged. */
    static SampleConverter unsetVariable(String keyword, List<String> arguments, ConverterContext context)
            throws InvalidArgumentException {
        if (arguments.size() != 1 || !Variables.validName(arguments.get(0))) {
            throw new InvalidArgumentException("'" + keyword + "' expects a variable name");
        }
        String name = arguments.get(0);
        context.declareVariable(name);
        return (traffic, sample) -> {
            Variables variables = traffic.variables();
            if (variables != null) {
                variables.unset(name);
            }
            return true;
        };
    }

    static SampleConverter addItem(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() < 2 || arguments.size() > 3) {
            throw new InvalidArgumentException("expects 2 or 3 arguments");
        }
        String delimiter = arguments.get(0);
        String variable = variableArgument(keyword, arguments.get(1));
        String suffix = arguments.size() == 3 ? arguments.get(2) : "";
        if (variable.isEmpty() && suffix.isEmpty()) {
            throw new InvalidArgumentException("one of the optional arguments has to be nonempty");
        }
        ThreadLocal<Sample> holders = holders();
        return (traffic, sample) -> {
            Sample value = text(traffic, variable, holders);
            StringBuilder out = sample.scratch().append(sample.text(), sample.start(), sample.end());
            boolean valueNotEmpty = value != null && value.end() > value.start();
            if (sample.end() > sample.start() && (valueNotEmpty || !suffix.isEmpty())) {
                out.append(delimiter);
            }
            if (value != null) {
                out.append(value.text(), value.start(), value.end());
            }
            out.append(suffix);
            sample.setString(out);
            return true;
        };
    }

    /** {@code concat([start][,var][,end])}: appends the start, the variable and the end. */
    static SampleConverter concat(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() > 3) {
            throw new InvalidArgumentException("expects at most 3 arguments");
        }
        String start = arguments.size() > 0 ? arguments.get(0) : "";
        String variable = arguments.size() > 1 ? variableArgument(keyword, arguments.get(1)) : "";
        String end = arguments.size() > 2 ? arguments.get(2) : "";
        ThreadLocal<Sample> holders = holders();
        return (traffic, sample) -> {
            Sample value = text(traffic, variable, holders);
            StringBuilder out = sample.scratch().append(sample.text(), sample.start(), sample.end()).append(start);
            if (value != null) {
                out.append(value.text(), value.start(), value.end());
            }
            out.append(end);
            sample.setString(out);
            return true;
        };
    }

    /**
     * {@code secure_memcmp(var)}: whether the input's bytes are the variable's, compared in
     * constant time when the lengths are equal; no sample without the variable (HAProxy's
     * {@code sample_conv_secure_memcmp()}).
     */
    static SampleConverter secureMemcmp(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() != 1 || arguments.get(0).isEmpty()) {
            throw new InvalidArgumentException("expects a variable name");
        }
        String variable = variableArgument(keyword, arguments.get(0));
        ThreadLocal<Sample> holders = holders();
        return (traffic, sample) -> {
            // the variable's bytes, NULs included
            Variables variables = traffic.variables();
            Sample value = holders.get().reset(false);
            if (variables == null || !variables.get(variable, value) || !value.castTo(SampleType.BINARY)) {
                return false;
            }
            int length = sample.end() - sample.start();
            boolean same = length == value.end() - value.start();
            int difference = 0;
            for (int i = 0; same && i < length; i++) {
                difference |= sample.text().charAt(sample.start() + i) ^ value.text().charAt(value.start() + i);
            }
            sample.setBoolean(same && difference == 0);
            return true;
        };
    }

    /**
     * The text of a converter argument that HAProxy also takes as a variable name
     * ({@code vars_check_arg()}): the variable's text when the argument names one, else the
     * argument itself; null when the variable is not set.
     */
    static @Nullable CharSequence literalOrVariable(TrafficView traffic, String argument, boolean variable,
                                                    ThreadLocal<Sample> holders) {
        if (!variable) {
            return argument;
        }
        Sample value = text(traffic, argument, holders);
        return value == null ? null : value.text().subSequence(value.start(), value.end());
    }

    /** {@code strcmp(var)}: compares the input with the variable as strncmp does, then by length: -1, 0 or 1 and so on. */
    static SampleConverter strcmp(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() != 1 || arguments.get(0).isEmpty()) {
            throw new InvalidArgumentException("expects a variable name");
        }
        String variable = variableArgument(keyword, arguments.get(0));
        ThreadLocal<Sample> holders = holders();
        return (traffic, sample) -> {
            Sample value = text(traffic, variable, holders);
            if (value == null) {
                return false;
            }
            int length1 = sample.end() - sample.start();
            int length2 = value.end() - value.start();
            int max = Math.min(length1, length2);
            int result = 0;
            for (int i = 0; i < max && result == 0; i++) {
                char a = sample.text().charAt(sample.start() + i);
                char b = value.text().charAt(value.start() + i);
                if (a == 0 || b == 0) {
                    // strncmp stops at a NUL
                    result = a - b;
                    break;
                }
                result = (a & 0xff) - (b & 0xff);
            }
            if (result == 0 && length1 != length2) {
                result = length1 < length2 ? -1 : 1;
            }
            sample.setInteger(result);
            return true;
        };
    }
}
