package io.sanke.scheduler.csv;

import io.sanke.scheduler.api.Plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Resolves references in cells against the plan only (never against rows of the same
 * file: schools are imported before classrooms and teachers, pairings before
 * timetables). An id wins; otherwise a name that exactly one record of the plan bears.
 * One instance per import: name indexes are built on first use.
 */
final class Refs {
    private final Plan plan;
    private final Map<String, Map<String, List<String>>> names = new HashMap<>();

    Refs(Plan plan) {
        this.plan = plan;
    }

    String region(String v) throws BadValue {
        return byIdOrName(v, plan.regions(), r -> r.name(), "region", "区县", "region");
    }

    String school(String v) throws BadValue {
        return byIdOrName(v, plan.schools(), s -> s.name(), "school", "学校", "school");
    }

    String term(String v) throws BadValue {
        return byIdOrName(v, plan.terms(), t -> t.name(), "term", "学期", "term");
    }

    String pairing(String v) throws BadValue {
        if (!plan.pairings().containsKey(v)) {
            throw new BadValue("未知的结对 [pairing:" + Reasons.shown(v) + "]（结对须填写编号）",
                    "unknown pairing [pairing:" + Reasons.shown(v) + "] (give the pairing's id)");
        }
        return v;
    }

    private <T> String byIdOrName(String v, Map<String, T> byId, Function<T, String> nameOf,
                                  String type, String zh, String en) throws BadValue {
        if (byId.containsKey(v)) {
            return v;
        }
        List<String> ids = names.computeIfAbsent(type, t -> index(byId, nameOf)).getOrDefault(v, List.of());
        if (ids.size() == 1) {
            return ids.getFirst();
        }
        if (ids.isEmpty()) {
            throw new BadValue("未知的" + zh + " [" + type + ":" + Reasons.shown(v) + "]",
                    "unknown " + en + " [" + type + ":" + Reasons.shown(v) + "]");
        }
        throw new BadValue(zh + "名称不唯一 [" + type + ":" + Reasons.shown(v) + "]，请填写编号：" + String.join("、", ids),
                "ambiguous " + en + " name [" + type + ":" + Reasons.shown(v) + "], give one of the ids: "
                        + String.join(", ", ids));
    }

    private static <T> Map<String, List<String>> index(Map<String, T> byId, Function<T, String> nameOf) {
        Map<String, List<String>> index = new HashMap<>();
        byId.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String name = nameOf.apply(e.getValue());
            if (name != null) {
                index.computeIfAbsent(name.strip(), n -> new ArrayList<>()).add(e.getKey());
            }
        });
        return index;
    }
}
