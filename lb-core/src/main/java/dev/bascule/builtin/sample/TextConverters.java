package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleConverter;

import java.util.List;

/**
 * HAProxy's converters on strings that take arguments ({@code sample.c}): {@code field},
 * {@code word}, {@code iif}, {@code url_dec}, {@code ltrim}, {@code rtrim}. Results are ranges of
 * the input where HAProxy's are, else written into the sample's scratch buffer.
 */
final class TextConverters {
    private TextConverters() {
    }

    /** An integer argument at {@code position} (from 1), read as HAProxy's {@code read_int64()}. */
    private static long integer(String argument, int position) throws InvalidArgumentException {
        return SampleArguments.integer(argument, position);
    }

    private static boolean separator(char c, String separators) {
        return separators.indexOf(c) >= 0;
    }

    /** {@code field(index,delimiters[,count])}: the index-th field (from the end when negative), count fields long. */
    static SampleConverter field(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() < 2 || arguments.size() > 3) {
            throw new InvalidArgumentException("expects 2 or 3 arguments");
        }
        long index = integer(arguments.get(0), 1);
        if (index == 0) {
            throw new InvalidArgumentException("Unexpected value 0 for index");
        }
        String separators = arguments.get(1);
        long countArgument = arguments.size() == 3 ? integer(arguments.get(2), 3) : 1;
        return (traffic, sample) -> {
            if (index == 0) {
                return false;
            }
            CharSequence text = sample.text();
            int begin = sample.start();
            int stop = sample.end();
            long count = countArgument;
            long field;
            int start;
            int end;
            if (index < 0) {
                field = -1;
                start = end = stop;
                while (start > begin) {
                    if (separator(text.charAt(start - 1), separators)) {
                        if (field == index) {
                            if (count == 1) {
                                return found(sample, text, start, end);
                            } else if (count > 1) {
                                count--;
                            }
                        } else {
                            end = start - 1;
                            field--;
                        }
                    }
                    start--;
                }
            } else {
                field = 1;
                start = end = begin;
                while (end < stop) {
                    if (separator(text.charAt(end), separators)) {
                        if (field == index) {
                            if (count == 1) {
                                return found(sample, text, start, end);
                            } else if (count > 1) {
                                count--;
                            }
                        } else {
                            start = end + 1;
                            field++;
                        }
                    }
                    end++;
                }
            }
            if (field != index) {
                return false;
            }
            return found(sample, text, start, end);
        };
    }

    /** {@code word(index,delimiters[,count])}: like field, runs of delimiters counting as one; empty when there is no such word. */
    static SampleConverter word(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() < 2 || arguments.size() > 3) {
            throw new InvalidArgumentException("expects 2 or 3 arguments");
        }
        long index = integer(arguments.get(0), 1);
        if (index == 0) {
            throw new InvalidArgumentException("Unexpected value 0 for index");
        }
        String separators = arguments.get(1);
        long countArgument = arguments.size() == 3 ? integer(arguments.get(2), 3) : 1;
        return (traffic, sample) -> {
            if (index == 0) {
                return false;
            }
            CharSequence text = sample.text();
            int begin = sample.start();
            int stop = sample.end();
            long count = countArgument;
            long word = 0;
            boolean inWord = false;
            int start;
            int end;
            if (index < 0) {
                start = end = stop;
                while (start > begin) {
                    boolean isSeparator = separator(text.charAt(start - 1), separators);
                    if (!inWord) {
                        if (!isSeparator) {
                            if (word != index) {
                                word--;
                                end = start;
                            }
                            inWord = true;
                        }
                    } else if (isSeparator) {
                        if (word == index) {
                            if (count == 1) {
                                return found(sample, text, start, end);
                            } else if (count > 1) {
                                count--;
                            }
                        }
                        inWord = false;
                    }
                    start--;
                }
            } else {
                start = end = begin;
                while (end < stop) {
                    boolean isSeparator = separator(text.charAt(end), separators);
                    if (!inWord) {
                        if (!isSeparator) {
                            if (word != index) {
                                word++;
                                start = end;
                            }
                            inWord = true;
                        }
                    } else if (isSeparator) {
                        if (word == index) {
                            if (count == 1) {
                                return found(sample, text, start, end);
                            } else if (count > 1) {
                                count--;
                            }
                        }
                        inWord = false;
                    }
                    end++;
                }
            }
            if (word != index) {
                // no such word: an empty string, where field() has no value
                sample.setString(text, begin, begin);
                return true;
            }
            return found(sample, text, start, end);
        };
    }

    private static boolean found(Sample sample, CharSequence text, int start, int end) {
        sample.setString(text, start, Math.max(start, end));
        return true;
    }

    /** {@code iif(true,false)}: one of two strings, by the boolean input. */
    static SampleConverter iif(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() != 2) {
            throw new InvalidArgumentException("expects 2 arguments");
        }
        String yes = arguments.get(0);
        String no = arguments.get(1);
        return (traffic, sample) -> {
            sample.setString(sample.integer() != 0 ? yes : no);
            return true;
        };
    }

    /**
     * {@code url_dec([in_form])}: %XX decoded; '+' becomes a space in the query string, or
     * everywhere with {@code in_form}; an invalid %XX fails the conversion (HAProxy's url_decode()).
     */
    static SampleConverter urlDecode(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() > 1) {
            throw new InvalidArgumentException("expects at most 1 argument");
        }
        boolean inFormArgument = !arguments.isEmpty() && integer(arguments.get(0), 1) != 0;
        return (traffic, sample) -> {
            CharSequence text = sample.text();
            StringBuilder out = sample.scratch();
            boolean inForm = inFormArgument;
            for (int i = sample.start(); i < sample.end(); i++) {
                char c = text.charAt(i);
                if (c == 0) {
                    break;
                }
                if (c == '+') {
                    out.append(inForm ? ' ' : '+');
                } else if (c == '%') {
                    int high = i + 1 < sample.end() ? Character.digit(text.charAt(i + 1), 16) : -1;
                    int low = i + 2 < sample.end() ? Character.digit(text.charAt(i + 2), 16) : -1;
                    if (high < 0 || low < 0) {
                        return false;
                    }
                    out.append((char) ((high << 4) + low));
                    i += 2;
                } else {
                    if (c == '?') {
                        inForm = true;
                    }
                    out.append(c);
                }
            }
            sample.setString(out);
            return true;
        };
    }

    /** {@code ltrim(chars)}: the characters of {@code chars} removed from the start. */
    static SampleConverter leftTrim(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() != 1) {
            throw new InvalidArgumentException("expects 1 argument");
        }
        String chars = arguments.get(0);
        return (traffic, sample) -> {
            int start = sample.start();
            while (start < sample.end() && chars.indexOf(sample.text().charAt(start)) >= 0) {
                start++;
            }
            sample.setString(sample.text(), start, sample.end());
            return true;
        };
    }

    /** {@code rtrim(chars)}: the characters of {@code chars} removed from the end. */
    static SampleConverter rightTrim(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() != 1) {
            throw new InvalidArgumentException("expects 1 argument");
        }
        String chars = arguments.get(0);
        return (traffic, sample) -> {
            int end = sample.end();
            while (end > sample.start() && chars.indexOf(sample.text().charAt(end - 1)) >= 0) {
                end--;
            }
            sample.setString(sample.text(), sample.start(), end);
            return true;
        };
    }
}
