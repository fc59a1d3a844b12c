package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.SampleConverter;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

/**
 * HAProxy's date converters on an integer date in seconds since the epoch: {@code http_date}
 * ({@code http_conv.c}), {@code utime} and {@code ltime} ({@code sample.c}). Like HAProxy they
 * keep the low 55 bits of the date, so that a negative or huge one lands in a far year instead
 * of failing; the calendar is computed here on longs (the proleptic Gregorian calendar of
 * {@code gmtime()}), so years past 999999999 print as HAProxy prints them.
 */
final class DateConverters {
    private static final long DATE_MASK = 0x007fffffffffffffL;
    private static final String[] DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    private static final String[] FULL_DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    private static final String[] FULL_MONTHS = {"January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};

    private static final int[] DAYS_BEFORE_MONTH = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

    /** The conversions {@link #strftime} knows; after another one, or none, "%E" and "%O" stay as they are. */
    private static final String CONVERSIONS = "aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ";

    private DateConverters() {
    }

    /** A broken-down time, as C's {@code struct tm}; one per call site thread, reused. */
    static final class Tm {
        long year;
        int month;
        int day;
        int hour;
        int minute;
        int second;
        int weekday;
        int yearDay;
        long epochSecond;
        int offsetSeconds;
        String zone = "GMT";

        /** Fills the fields from seconds since the epoch, shifted by {@code offset} seconds. */
        Tm set(long seconds, int offset, String zoneName) {
            epochSecond = seconds;
            offsetSeconds = offset;
            zone = zoneName;
            long local = seconds + offset;
            long days = Math.floorDiv(local, 86400);
            int secondOfDay = (int) Math.floorMod(local, 86400);
            hour = secondOfDay / 3600;
            minute = secondOfDay / 60 % 60;
            second = secondOfDay % 60;
            weekday = (int) Math.floorMod(days + 4, 7);
            long z = days + 719468;
            long era = Math.floorDiv(z, 146097);
            long dayOfEra = z - era * 146097;
            long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
            long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
            long shiftedMonth = (5 * dayOfYear + 2) / 153;
            day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
            month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
            year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
            yearDay = DAYS_BEFORE_MONTH[month - 1] + day - 1 + (month > 2 && leap(year) ? 1 : 0);
            return this;
        }
    }

    static boolean leap(long year) {
        return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static void pad(StringBuilder out, long value, int width, char padding) {
        long magnitude = Math.abs(value);
        int digits = 1;
        for (long v = magnitude; v >= 10; v /= 10) {
            digits++;
        }
        if (value < 0) {
            out.append('-');
            digits++;
        }
        for (int i = digits; i < width; i++) {
            out.append(padding);
        }
        out.append(magnitude);
    }

    /** {@code http_date([offset[,unit]])}: an IMF-fixdate, with the fraction when a unit other than s is given. */
    static SampleConverter httpDate(String keyword, List<String> arguments) throws InvalidArgumentException {
        SampleArguments.atMost(keyword, arguments, 2);
        boolean hasOffset = !arguments.isEmpty();
        long offset = SampleArguments.optionalInteger(arguments, 0, 0);
        long divisor = 1;
        boolean fraction = false;
        if (arguments.size() == 2) {
            String unit = arguments.get(1);
            switch (unit) {
                case "s" -> divisor = 1;
                case "ms" -> divisor = 1000;
                case "us" -> divisor = 1000000;
                default -> throw new InvalidArgumentException("expects 's', 'ms' or 'us', got '" + unit + "'");
            }
            fraction = divisor != 1;
        }
        long unitDivisor = divisor;
        boolean withFraction = fraction;
        ThreadLocal<Tm> tms = ThreadLocal.withInitial(Tm::new);
        return (traffic, sample) -> {
            long value = sample.integer();
            if (hasOffset) {
                value += offset;
            }
            long subSecond = value % unitDivisor;
            value /= unitDivisor;
            Tm tm = tms.get().set(value & DATE_MASK, 0, "GMT");
            StringBuilder out = sample.scratch();
            out.append(DAYS[tm.weekday]).append(", ");
            pad(out, tm.day, 2, '0');
            out.append(' ').append(MONTHS[tm.month - 1]).append(' ');
            pad(out, tm.year, 4, '0');
            out.append(' ');
            pad(out, tm.hour, 2, '0');
            out.append(':');
            pad(out, tm.minute, 2, '0');
            out.append(':');
            pad(out, tm.second, 2, '0');
            if (withFraction) {
                out.append('.').append(subSecond);
            }
            out.append(" GMT");
            sample.setString(out);
            return true;
        };
    }

    /** {@code utime(format[,offset])}: the date in UTC, formatted as C's {@code strftime()} in the C locale. */
    static SampleConverter utime(String keyword, List<String> arguments) throws InvalidArgumentException {
        return time(keyword, arguments, null);
    }

    /** {@code ltime(format[,offset])}: the date in the local time zone, formatted as {@code strftime()}. */
    static SampleConverter ltime(String keyword, List<String> arguments) throws InvalidArgumentException {
        return time(keyword, arguments, ZoneId.systemDefault());
    }

    /** {@code utime} when {@code local} is null, else {@code ltime} in that zone. */
    static SampleConverter time(String keyword, List<String> arguments, ZoneId local)
            throws InvalidArgumentException {
        SampleArguments.atMost(keyword, arguments, 2);
        String format = arguments.isEmpty() ? "" : arguments.get(0);
        long offset = SampleArguments.optionalInteger(arguments, 1, 0);
        ZoneRules rules = local != null ? local.getRules() : null;
        TimeZone zone = local != null ? TimeZone.getTimeZone(local) : null;
        ThreadLocal<Tm> tms = ThreadLocal.withInitial(Tm::new);
        boolean fixed = rules != null && rules.isFixedOffset();
        int fixedOffset = fixed ? rules.getOffset(Instant.EPOCH).getTotalSeconds() : 0;
        String fixedName = fixed ? zone.getDisplayName(false, TimeZone.SHORT, Locale.ROOT) : null;
        return (traffic, sample) -> {
            long date = (sample.integer() & DATE_MASK) + offset;
            Tm tm = tms.get();
            if (rules == null) {
                tm.set(date, 0, "GMT");
            } else if (fixedName != null) {
                tm.set(date, fixedOffset, fixedName); // a zone without transitions (UTC): nothing to look up
            } else {
                int offsetSeconds = date <= Instant.MAX.getEpochSecond() && date >= Instant.MIN.getEpochSecond()
                        ? rules.getOffset(Instant.ofEpochSecond(date)).getTotalSeconds()
                        : rules.getOffset(Instant.MAX).getTotalSeconds();
                boolean daylight = offsetSeconds != zone.getRawOffset() / 1000;
                tm.set(date, offsetSeconds, zone.getDisplayName(daylight, TimeZone.SHORT, Locale.ROOT));
            }
            StringBuilder out = sample.scratch();
            strftime(out, format, tm);
            sample.setString(out);
            return true;
        };
    }

    /** glibc's ISO 8601 week arithmetic: days since the Monday of the year's first ISO week. */
    private static int isoWeekDays(int yearDay, int weekday) {
        int bigEnoughMultipleOf7 = (366 / 7 + 2) * 7;
        return yearDay - (yearDay - weekday + 4 + bigEnoughMultipleOf7) % 7 + 4 - 1;
    }

    /** C's {@code strftime()} in the C locale, for the conversions glibc documents; others are copied. */
    static void strftime(StringBuilder out, String format, Tm tm) {
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                out.append(c);
                continue;
            }
            char conversion = format.charAt(++i);
            if ((conversion == 'E' || conversion == 'O') && i + 1 < format.length()
                    && CONVERSIONS.indexOf(format.charAt(i + 1)) >= 0) {
                conversion = format.charAt(++i); // the C locale has no alternative forms
            }
            int hour12 = tm.hour % 12 == 0 ? 12 : tm.hour % 12;
            switch (conversion) {
                case 'a' -> out.append(DAYS[tm.weekday]);
                case 'A' -> out.append(FULL_DAYS[tm.weekday]);
                case 'b', 'h' -> out.append(MONTHS[tm.month - 1]);
                case 'B' -> out.append(FULL_MONTHS[tm.month - 1]);
                case 'c' -> strftime(out, "%a %b %e %H:%M:%S %Y", tm);
                case 'C' -> pad(out, Math.floorDiv(tm.year, 100), 2, '0');
                case 'd' -> pad(out, tm.day, 2, '0');
                case 'D', 'x' -> strftime(out, "%m/%d/%y", tm);
                case 'e' -> pad(out, tm.day, 2, ' ');
                case 'F' -> strftime(out, "%Y-%m-%d", tm);
                case 'H' -> pad(out, tm.hour, 2, '0');
                case 'I' -> pad(out, hour12, 2, '0');
                case 'j' -> pad(out, tm.yearDay + 1, 3, '0');
                case 'k' -> pad(out, tm.hour, 2, ' ');
                case 'l' -> pad(out, hour12, 2, ' ');
                case 'm' -> pad(out, tm.month, 2, '0');
                case 'M' -> pad(out, tm.minute, 2, '0');
                case 'n' -> out.append('\n');
                case 'p' -> out.append(tm.hour < 12 ? "AM" : "PM");
                case 'P' -> out.append(tm.hour < 12 ? "am" : "pm");
                case 'r' -> strftime(out, "%I:%M:%S %p", tm);
                case 'R' -> strftime(out, "%H:%M", tm);
                case 's' -> out.append(tm.epochSecond);
                case 'S' -> pad(out, tm.second, 2, '0');
                case 't' -> out.append('\t');
                case 'T', 'X' -> strftime(out, "%H:%M:%S", tm);
                case 'u' -> out.append(tm.weekday == 0 ? 7 : tm.weekday);
                case 'U' -> pad(out, (tm.yearDay + 7 - tm.weekday) / 7, 2, '0');
                case 'w' -> out.append(tm.weekday);
                case 'W' -> pad(out, (tm.yearDay + 7 - (tm.weekday + 6) % 7) / 7, 2, '0');
                case 'y' -> pad(out, Math.floorMod(tm.year, 100), 2, '0');
                case 'Y' -> out.append(tm.year);
                case 'z' -> {
                    int offset = tm.offsetSeconds;
                    out.append(offset < 0 ? '-' : '+');
                    offset = Math.abs(offset) / 60;
                    pad(out, offset / 60 * 100 + offset % 60, 4, '0');
                }
                case 'Z' -> out.append(tm.zone);
                case '%' -> out.append('%');
                case 'G', 'g', 'V' -> {
                    long year = tm.year;
                    int days = isoWeekDays(tm.yearDay, tm.weekday);
                    if (days < 0) {
                        year--;
                        days = isoWeekDays(tm.yearDay + (leap(year) ? 366 : 365), tm.weekday);
                    } else {
                        int next = isoWeekDays(tm.yearDay - (leap(year) ? 366 : 365), tm.weekday);
                        if (next >= 0) {
                            year++;
                            days = next;
                        }
                    }
                    if (conversion == 'V') {
                        pad(out, days / 7 + 1, 2, '0');
                    } else if (conversion == 'g') {
                        pad(out, Math.floorMod(year, 100), 2, '0');
                    } else {
                        out.append(year);
                    }
                }
                default -> out.append('%').append(conversion);
            }
        }
    }
}
