package dev.bascule.config.haproxy.internal;

import dev.bascule.api.loader.CText;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code cpu-map [auto:]<process-set>[/<thread-set>] <cpu-set>...} as HAProxy 2.6 reads it
 * ({@code cfg_parse_global()}, {@code parse_process_number()}, {@code parse_cpu_set()}): the
 * process is always process 1 since 2.5, so a line maps either the whole process (no thread, or
 * thread 1 alone) or each thread of the thread set.
 */
final class CpuMapKeywords {
    /** HAProxy's {@code LONGBITS}: process and thread numbers go from 1 to 64. */
    private static final int LONGBITS = 64;
    /** HAProxy's {@code ha_cpuset_size()} on Linux ({@code CPU_SETSIZE}). */
    private static final int CPU_SET_SIZE = 1024;

    private CpuMapKeywords() {
    }

    static void register(GlobalKeywordTable table) {
        table.register("cpu-map", CpuMapKeywords::parse);
    }

    /** A parse error, whose message HAProxy prints after {@code cpu-map : }. */
    private static final class CpuMapException extends Exception {
        private static final long serialVersionUID = 1L;

        CpuMapException(String message) {
            super(message);
        }
    }

    private static void parse(GlobalLine line) {
        if (line.word(1).isEmpty() || line.word(2).isEmpty()) {
            line.alert("cpu-map expects a process number  ('all', 'odd', 'even', a number from 1 to " + LONGBITS
                    + " or a range),  followed by a list of CPU ranges with numbers from 0 to " + (LONGBITS - 1)
                    + ".");
            return;
        }
        String first = line.word(1);
        int slash = first.indexOf('/');
        String processPart = slash >= 0 ? first.substring(0, slash) : first;
        boolean autoIncrement = processPart.startsWith("auto:");
        long process;
        long thread = 0;
        Set<Integer> cpus;
        try {
            process = processNumbers(autoIncrement ? processPart.substring(5) : processPart);
            if (slash >= 0) {
                thread = processNumbers(first.substring(slash + 1));
            }
            cpus = cpuSet(line.args.subList(2, line.args.size()));
        } catch (CpuMapException e) {
            line.alert("cpu-map : " + e.getMessage());
            return;
        }
        if (autoIncrement && Long.bitCount(process) != cpus.size() && Long.bitCount(thread) != cpus.size()) {
            line.alert("cpu-map : PROC/THREAD range and CPU sets must have the same size to be automatically bound");
            return;
        }
        TreeSet<Integer> remaining = new TreeSet<>(cpus);
        if (thread == 0 || thread == 1) {
            // the whole process (cpu-map 1 0-3, cpu-map 1/1 0-3)
            line.global.cpuProcess.clear();
            if (!autoIncrement) {
                line.global.cpuProcess.addAll(cpus);
            } else if (!remaining.isEmpty()) {
                line.global.cpuProcess.add(remaining.first());
            }
            return;
        }
        for (int bit = 0; bit < LONGBITS; bit++) {
            if ((thread & (1L << bit)) == 0) {
                continue;
            }
            Set<Integer> set = new TreeSet<>();
            if (!autoIncrement) {
                set.addAll(cpus);
            } else if (!remaining.isEmpty()) {
                set.add(remaining.pollFirst());
            }
            line.global.cpuThreads.put(bit + 1, set);
        }
    }

    /** HAProxy's {@code parse_process_number()}: {@code all}, {@code odd}, {@code even}, N, N-M or N-. */
    static long processNumbers(String text) throws CpuMapException {
        switch (text) {
            case "all":
                return -1L;
            case "odd":
                return 0x5555_5555_5555_5555L;
            case "even":
                return 0xAAAA_AAAA_AAAA_AAAAL;
            default:
                break;
        }
        int dash = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '-' && dash < 0) {
                dash = i;
            } else if (!CText.isDigit(c)) {
                throw new CpuMapException("'" + text + "' is not a valid number/range.");
            }
        }
        long low = leadingNumber(text, 0);
        long high = low;
        if (dash >= 0) {
            high = dash + 1 == text.length() ? LONGBITS : leadingNumber(text, dash + 1);
        }
        if (high < low) {
            long swap = low;
            low = high;
            high = swap;
        }
        if (low < 1 || low > LONGBITS || high > LONGBITS) {
            throw new CpuMapException("'" + text + "' is not a valid number/range. It supports numbers from 1 to "
                    + LONGBITS + ".\n");
        }
        long set = 0;
        for (long number = low; number <= high; number++) {
            set |= 1L << (number - 1);
        }
        return set;
    }

    /** HAProxy's {@code parse_cpu_set()} without commas: one range (N, N-M or N-) a word. */
    static Set<Integer> cpuSet(List<String> words) throws CpuMapException {
        Set<Integer> cpus = new TreeSet<>();
        for (String word : words) {
            if (word.isEmpty()) {
                break;
            }
            if (!CText.isDigit(word.charAt(0))) {
                throw new CpuMapException("'" + word + "' is not a CPU range.");
            }
            long low = leadingNumber(word, 0);
            long high = low;
            int dash = word.indexOf('-');
            if (dash >= 0) {
                high = dash + 1 < word.length() ? leadingNumber(word, dash + 1) : CPU_SET_SIZE - 1;
            }
            if (high < low) {
                long swap = low;
                low = high;
                high = swap;
            }
            if (high >= CPU_SET_SIZE) {
                throw new CpuMapException("supports CPU numbers from 0 to " + (CPU_SET_SIZE - 1) + ".");
            }
            for (long cpu = low; cpu <= high; cpu++) {
                cpus.add((int) cpu);
            }
        }
        return cpus;
    }

    /** HAProxy's {@code str2uic()}: the digits from {@code start}, as an unsigned int. */
    private static long leadingNumber(String text, int start) {
        long value = 0;
        for (int i = start; i < text.length() && CText.isDigit(text.charAt(i)); i++) {
            value = (value * 10 + text.charAt(i) - '0') & 0xffff_ffffL;
        }
        return value;
    }
}
