package io.sanke.scheduler.csv;

import io.sanke.scheduler.api.ClassroomKind;
import io.sanke.scheduler.api.Recurrence;
import io.sanke.scheduler.api.SchoolKind;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers of single cells, Chinese and English spellings alike (see
 * {@code docs/csv-and-ical.md}), and the spellings {@link CsvExport} writes. Each parser
 * gets a stripped, non-blank value and throws {@link BadValue} with a bilingual reason.
 */
final class Values {
    private Values() {
    }

    static final int MAX_NAME = 100;
    static final int MAX_SUBJECT = 20;
    static final int MAX_PERIOD = 20;
    /** 100 Gbit/s: anything above is a typo. */
    static final int MAX_KBPS = 100_000_000;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    static String id(String v) throws BadValue {
        if (!ID.matcher(v).matches()) {
            throw new BadValue("编号只能由字母、数字和 . _ - 组成，以字母或数字开头，最长 64 个字符 [" + Reasons.shown(v) + "]",
                    "an id is 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit ["
                            + Reasons.shown(v) + "]");
        }
        return v;
    }

    /** A display name: one line, at most {@value #MAX_NAME} characters, not a spreadsheet formula. */
    static String name(String v) throws BadValue {
        return text(v, MAX_NAME);
    }

    private static String text(String v, int max) throws BadValue {
        if (v.codePointCount(0, v.length()) > max) {
            throw new BadValue("超过 " + max + " 个字符 [" + Reasons.shown(v) + "]",
                    "longer than " + max + " characters [" + Reasons.shown(v) + "]");
        }
        if (v.chars().anyMatch(Character::isISOControl)) {
            throw new BadValue("不能包含换行或控制字符 [" + Reasons.shown(v) + "]",
                    "must not contain line breaks or control characters [" + Reasons.shown(v) + "]");
        }
        if ("=+-@".indexOf(v.charAt(0)) >= 0) {
            throw new BadValue("不能以 = + - @ 开头（防止表格公式注入） [" + Reasons.shown(v) + "]",
                    "must not start with = + - @ (spreadsheet formula injection) [" + Reasons.shown(v) + "]");
        }
        return v;
    }

    private static final Set<String> YES = Set.of("是", "有", "yes", "y", "true", "t", "1", "√", "✓", "✔");
    private static final Set<String> NO = Set.of("否", "无", "没有", "no", "n", "false", "f", "0", "×", "✗", "✘");

    static boolean bool(String v) throws BadValue {
        String k = v.toLowerCase(Locale.ROOT);
        if (YES.contains(k)) {
            return true;
        }
        if (NO.contains(k)) {
            return false;
        }
        throw new BadValue("无法识别的是/否值 [" + Reasons.shown(v) + "]，可用：是/否、yes/no、true/false、1/0、Y/N",
                "not a yes/no value [" + Reasons.shown(v) + "], use 是/否, yes/no, true/false, 1/0 or Y/N");
    }

    private static final Map<String, SchoolKind> SCHOOL_KINDS = Map.ofEntries(
            Map.entry("urban", SchoolKind.URBAN), Map.entry("城区", SchoolKind.URBAN),
            Map.entry("城市", SchoolKind.URBAN), Map.entry("县城", SchoolKind.URBAN),
            Map.entry("城镇", SchoolKind.URBAN),
            Map.entry("township", SchoolKind.TOWNSHIP), Map.entry("乡镇", SchoolKind.TOWNSHIP),
            Map.entry("镇区", SchoolKind.TOWNSHIP), Map.entry("镇", SchoolKind.TOWNSHIP),
            Map.entry("乡", SchoolKind.TOWNSHIP),
            Map.entry("village", SchoolKind.VILLAGE), Map.entry("rural", SchoolKind.VILLAGE),
            Map.entry("村", SchoolKind.VILLAGE), Map.entry("村小", SchoolKind.VILLAGE),
            Map.entry("乡村", SchoolKind.VILLAGE), Map.entry("农村", SchoolKind.VILLAGE));

    static SchoolKind schoolKind(String v) throws BadValue {
        SchoolKind kind = SCHOOL_KINDS.get(v.toLowerCase(Locale.ROOT));
        if (kind == null) {
            throw new BadValue("无法识别的学校类型 [" + Reasons.shown(v) + "]，可用：城区、乡镇、村",
                    "unknown school kind [" + Reasons.shown(v) + "], use urban, township or village");
        }
        return kind;
    }

    static String schoolKindText(SchoolKind kind, CsvExport.Headers h) {
        return switch (kind) {
            case URBAN -> h == CsvExport.Headers.ZH ? "城区" : "urban";
            case TOWNSHIP -> h == CsvExport.Headers.ZH ? "乡镇" : "township";
            case VILLAGE -> h == CsvExport.Headers.ZH ? "村" : "village";
        };
    }

    private static final Map<String, ClassroomKind> CLASSROOM_KINDS = Map.ofEntries(
            Map.entry("master", ClassroomKind.MASTER), Map.entry("主讲", ClassroomKind.MASTER),
            Map.entry("主讲课堂", ClassroomKind.MASTER), Map.entry("主讲教室", ClassroomKind.MASTER),
            Map.entry("listening", ClassroomKind.LISTENING), Map.entry("听讲", ClassroomKind.LISTENING),
            Map.entry("听讲课堂", ClassroomKind.LISTENING), Map.entry("听讲教室", ClassroomKind.LISTENING),
            Map.entry("听课", ClassroomKind.LISTENING), Map.entry("接收", ClassroomKind.LISTENING),
            Map.entry("studio", ClassroomKind.STUDIO), Map.entry("名师工作室", ClassroomKind.STUDIO),
            Map.entry("工作室", ClassroomKind.STUDIO));

    static ClassroomKind classroomKind(String v) throws BadValue {
        ClassroomKind kind = CLASSROOM_KINDS.get(v.toLowerCase(Locale.ROOT));
        if (kind == null) {
            throw new BadValue("无法识别的教室类型 [" + Reasons.shown(v) + "]，可用：主讲、听讲、名师工作室",
                    "unknown classroom kind [" + Reasons.shown(v) + "], use master, listening or studio");
        }
        return kind;
    }

    static String classroomKindText(ClassroomKind kind, CsvExport.Headers h) {
        return switch (kind) {
            case MASTER -> h == CsvExport.Headers.ZH ? "主讲" : "master";
            case LISTENING -> h == CsvExport.Headers.ZH ? "听讲" : "listening";
            case STUDIO -> h == CsvExport.Headers.ZH ? "名师工作室" : "studio";
        };
    }

    private static final Pattern BANDWIDTH = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)\\s*(?:(k)(?:bps|b/s|bit/s)?|(m)(?:bps|b/s|bit/s)?|(g)(?:bps|b/s|bit/s)?)?",
            Pattern.CASE_INSENSITIVE);

    /** kbit/s: a plain integer, or a number with kbps, Mbps or Gbps (1 Mbps = 1000 kbps). */
    static int kbps(String v) throws BadValue {
        if (v.startsWith("-")) {
            throw new BadValue("带宽不能为负数 [" + Reasons.shown(v) + "]", "bandwidth must not be negative [" + Reasons.shown(v) + "]");
        }
        Matcher m = BANDWIDTH.matcher(v);
        if (!m.matches()) {
            throw new BadValue("无法识别的带宽 [" + Reasons.shown(v) + "]，请写整数 kbps，或带单位如 20Mbps",
                    "not a bandwidth [" + Reasons.shown(v) + "], write an integer in kbps or add a unit, e.g. 20Mbps");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        BigDecimal kbps = m.group(3) != null ? number.scaleByPowerOfTen(3)
                : m.group(4) != null ? number.scaleByPowerOfTen(6) : number;
        if (kbps.stripTrailingZeros().scale() > 0) {
            throw new BadValue("带宽须为整数 kbps [" + Reasons.shown(v) + "]", "bandwidth must be a whole number of kbps [" + Reasons.shown(v) + "]");
        }
        if (kbps.compareTo(BigDecimal.valueOf(MAX_KBPS)) > 0) {
            throw new BadValue("带宽过大 [" + Reasons.shown(v) + "]，上限 100Gbps", "bandwidth too large [" + Reasons.shown(v) + "], at most 100Gbps");
        }
        return kbps.intValueExact();
    }

    /** Subjects separated by ; ； 、 , ， / or line breaks; blanks dropped, duplicates merged, order kept. */
    static Set<String> subjects(String v) throws BadValue {
        Set<String> out = new LinkedHashSet<>();
        for (String part : v.split("[;；、,，/\\r\\n]+")) {
            String s = part.strip();
            if (!s.isEmpty()) {
                out.add(text(s, MAX_SUBJECT));
            }
        }
        return out;
    }

    private static final String[] ZH_DAYS = {"一", "二", "三", "四", "五", "六", "日"};

    static DayOfWeek weekday(String v) throws BadValue {
        String k = v.toLowerCase(Locale.ROOT).replace(" ", "");
        if (k.matches("[1-7]")) {
            return DayOfWeek.of(k.charAt(0) - '0');
        }
        String zh = k.replaceFirst("^(星期|周|礼拜)", "");
        if (zh.equals("天")) {
            zh = "日";
        }
        for (int i = 0; i < ZH_DAYS.length; i++) {
            if (ZH_DAYS[i].equals(zh)) {
                return DayOfWeek.of(i + 1);
            }
        }
        for (DayOfWeek d : DayOfWeek.values()) {
            String name = d.name().toLowerCase(Locale.ROOT);
            if (k.equals(name) || k.equals(name.substring(0, 3)) || k.equals(name.substring(0, 3) + ".")) {
                return d;
            }
        }
        throw new BadValue("无法识别的星期 [" + Reasons.shown(v) + "]，可用：1–7、周一…周日、星期一…星期日",
                "unknown weekday [" + Reasons.shown(v) + "], use 1–7, Monday…Sunday or Mon…Sun");
    }

    static String weekdayText(DayOfWeek d, CsvExport.Headers h) {
        return h == CsvExport.Headers.ZH ? "周" + ZH_DAYS[d.getValue() - 1]
                : d.name().charAt(0) + d.name().substring(1).toLowerCase(Locale.ROOT);
    }

    static int period(String v) throws BadValue {
        String k = v.replaceFirst("^第", "").replaceFirst("节$", "").strip();
        if (k.matches("\\d{1,2}")) {
            int p = Integer.parseInt(k);
            if (p >= 1 && p <= MAX_PERIOD) {
                return p;
            }
        }
        throw new BadValue("节次须为 1–" + MAX_PERIOD + " 的整数 [" + Reasons.shown(v) + "]",
                "period must be a whole number from 1 to " + MAX_PERIOD + " [" + Reasons.shown(v) + "]");
    }

    private static final Pattern TIME = Pattern.compile("(\\d{1,2})[:：](\\d{2})(?:[:：]00)?");

    static LocalTime time(String v) throws BadValue {
        Matcher m = TIME.matcher(v);
        if (m.matches()) {
            int h = Integer.parseInt(m.group(1));
            int min = Integer.parseInt(m.group(2));
            if (h <= 23 && min <= 59) {
                return LocalTime.of(h, min);
            }
        }
        throw new BadValue("无法识别的时间 [" + Reasons.shown(v) + "]，请写 HH:mm，如 08:00",
                "not a time [" + Reasons.shown(v) + "], write HH:mm, e.g. 08:00");
    }

    private static final Pattern DATE = Pattern.compile("(\\d{4})(?:[-/.](\\d{1,2})[-/.](\\d{1,2})|年(\\d{1,2})月(\\d{1,2})日?)");

    static LocalDate date(String v) throws BadValue {
        Matcher m = DATE.matcher(v);
        if (m.matches()) {
            try {
                int month = Integer.parseInt(m.group(2) != null ? m.group(2) : m.group(4));
                int day = Integer.parseInt(m.group(3) != null ? m.group(3) : m.group(5));
                return LocalDate.of(Integer.parseInt(m.group(1)), month, day);
            } catch (DateTimeException e) {
                // falls through: 2026-02-30 and the like
            }
        }
        throw new BadValue("无法识别的日期 [" + Reasons.shown(v) + "]，请写 yyyy-MM-dd，如 2026-09-01",
                "not a date [" + Reasons.shown(v) + "], write yyyy-MM-dd, e.g. 2026-09-01");
    }

    private static final Map<String, Recurrence> RECURRENCES = Map.ofEntries(
            Map.entry("每周", Recurrence.WEEKLY), Map.entry("weekly", Recurrence.WEEKLY),
            Map.entry("单周", Recurrence.ODD_WEEKS), Map.entry("odd", Recurrence.ODD_WEEKS),
            Map.entry("odd_weeks", Recurrence.ODD_WEEKS),
            Map.entry("双周", Recurrence.EVEN_WEEKS), Map.entry("even", Recurrence.EVEN_WEEKS),
            Map.entry("even_weeks", Recurrence.EVEN_WEEKS),
            Map.entry("单次", Recurrence.ONCE), Map.entry("一次", Recurrence.ONCE), Map.entry("once", Recurrence.ONCE));

    static Recurrence recurrence(String v) throws BadValue {
        Recurrence r = RECURRENCES.get(v.toLowerCase(Locale.ROOT).replace(' ', '_'));
        if (r == null) {
            throw new BadValue("无法识别的周次 [" + Reasons.shown(v) + "]，可用：每周、单周、双周、单次",
                    "unknown recurrence [" + Reasons.shown(v) + "], use weekly, odd, even or once");
        }
        return r;
    }

    static String recurrenceText(Recurrence r, CsvExport.Headers h) {
        boolean zh = h == CsvExport.Headers.ZH;
        return switch (r) {
            case WEEKLY -> zh ? "每周" : "weekly";
            case ODD_WEEKS -> zh ? "单周" : "odd";
            case EVEN_WEEKS -> zh ? "双周" : "even";
            case ONCE -> zh ? "单次" : "once";
        };
    }

    static String boolText(boolean b, CsvExport.Headers h) {
        return h == CsvExport.Headers.ZH ? (b ? "是" : "否") : (b ? "yes" : "no");
    }
}
