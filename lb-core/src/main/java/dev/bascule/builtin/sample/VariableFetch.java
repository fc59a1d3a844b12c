package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.FetchContext;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.api.sample.Variables;

import java.util.List;

/** {@code var(name[,default])}: a variable's value, of the type it was stored with; the default (a string) when unset. */
final class VariableFetch implements SampleFetch {
    private final String name;
    private final String fallback;

    private VariableFetch(String name, String fallback) {
        this.name = name;
        this.fallback = fallback;
    }

    /** {@code name} when it is a variable name with its scope, else HAProxy's refusal. */
    static String checkedName(String name) throws InvalidArgumentException {
        if (!Variables.validName(name)) {
            throw new InvalidArgumentException("invalid variable name '" + name + "'. Expects 'proc', 'sess', 'txn',"
                    + " 'req' or 'res' as a scope");
        }
        return name;
    }

    static SampleFetch create(String keyword, List<String> arguments, FetchContext context)
            throws InvalidArgumentException {
        if (arguments.isEmpty() || arguments.size() > 2) {
            throw new InvalidArgumentException("'" + keyword + "' expects a variable name and an optional default");
        }
        String name = checkedName(arguments.get(0));
        // HAProxy creates the process variables a var() names when it reads the configuration
        context.declareVariable(name);
        return new VariableFetch(name, arguments.size() == 2 ? arguments.get(1) : null);
    }

    @Override
    public boolean fetch(TrafficView traffic, Sample out) {
        Variables variables = traffic.variables();
        if (variables != null && variables.get(name, out)) {
            return true;
        }
        if (fallback != null) {
            out.setString(fallback);
            return true;
        }
        return false;
    }
}
