package io.sanke.scheduler.store;

import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.PairedClassroom;
import io.sanke.scheduler.api.Pairing;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.Recurrence;
import io.sanke.scheduler.api.Region;
import io.sanke.scheduler.api.School;
import io.sanke.scheduler.api.Teacher;
import io.sanke.scheduler.api.Term;
import io.sanke.scheduler.api.TimetableEntry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One kind of plan entity (regions, schools, …): its path and Redis hash name, where
 * it sits in a {@link Plan}, its field rules and the ids it references. Field rules
 * here are about one entity; clashes between entities are the conflict rules' job.
 */
public final class EntityKind<T> {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** A reference from a field of an entity to an entity of another kind. */
    public record Reference(String field, String kind, String id) {
    }

    public static final EntityKind<Region> REGIONS = new EntityKind<>("regions", "region", Region.class,
            Region::id, Plan::regions,
            (p, m) -> new Plan(m, p.schools(), p.classrooms(), p.teachers(), p.pairings(), p.terms(), p.entries()),
            false,
            r -> {
                text("name", r.name());
                present("level", r.level());
            },
            r -> r.parentId() == null ? List.of() : List.of(new Reference("parentId", "regions", r.parentId())));

    public static final EntityKind<School> SCHOOLS = new EntityKind<>("schools", "school", School.class,
            School::id, Plan::schools,
            (p, m) -> new Plan(p.regions(), m, p.classrooms(), p.teachers(), p.pairings(), p.terms(), p.entries()),
            false,
            s -> {
                text("name", s.name());
                text("regionId", s.regionId());
                present("kind", s.kind());
            },
            s -> List.of(new Reference("regionId", "regions", s.regionId())));

    public static final EntityKind<Classroom> CLASSROOMS = new EntityKind<>("classrooms", "classroom", Classroom.class,
            Classroom::id, Plan::classrooms,
            (p, m) -> new Plan(p.regions(), p.schools(), m, p.teachers(), p.pairings(), p.terms(), p.entries()),
            true,
            c -> {
                text("name", c.name());
                text("schoolId", c.schoolId());
                present("kind", c.kind());
                check(c.uplinkKbps() >= 0, "uplinkKbps", "must not be negative");
                check(c.downlinkKbps() >= 0, "downlinkKbps", "must not be negative");
            },
            c -> List.of(new Reference("schoolId", "schools", c.schoolId())));

    public static final EntityKind<Teacher> TEACHERS = new EntityKind<>("teachers", "teacher", Teacher.class,
            Teacher::id, Plan::teachers,
            (p, m) -> new Plan(p.regions(), p.schools(), p.classrooms(), m, p.pairings(), p.terms(), p.entries()),
            false,
            t -> {
                text("name", t.name());
                text("schoolId", t.schoolId());
            },
            t -> List.of(new Reference("schoolId", "schools", t.schoolId())));

    public static final EntityKind<Pairing> PAIRINGS = new EntityKind<>("pairings", "pairing", Pairing.class,
            Pairing::id, Plan::pairings,
            (p, m) -> new Plan(p.regions(), p.schools(), p.classrooms(), p.teachers(), m, p.terms(), p.entries()),
            true,
            EntityKind::checkPairing,
            EntityKind::pairingReferences);

    public static final EntityKind<Term> TERMS = new EntityKind<>("terms", "term", Term.class,
            Term::id, Plan::terms,
            (p, m) -> new Plan(p.regions(), p.schools(), p.classrooms(), p.teachers(), p.pairings(), m, p.entries()),
            true,
            t -> {
                text("name", t.name());
                present("start", t.start());
                present("end", t.end());
                check(!t.end().isBefore(t.start()), "end", "must not be before start");
            },
            t -> List.of());

    public static final EntityKind<TimetableEntry> TIMETABLE = new EntityKind<>("timetable", "timetable entry",
            TimetableEntry.class, TimetableEntry::id, Plan::entries,
            (p, m) -> new Plan(p.regions(), p.schools(), p.classrooms(), p.teachers(), p.pairings(), p.terms(), m),
            true,
            EntityKind::checkEntry,
            e -> List.of(new Reference("termId", "terms", e.termId()), new Reference("pairingId", "pairings", e.pairingId())));

    /** Every kind, in dependency order (referenced kinds first). */
    public static final List<EntityKind<?>> ALL = List.of(REGIONS, SCHOOLS, CLASSROOMS, TEACHERS, PAIRINGS, TERMS, TIMETABLE);

    private final String path;
    private final String singular;
    private final Class<T> type;
    private final Function<T, String> id;
    private final Function<Plan, Map<String, T>> inPlan;
    private final BiFunction<Plan, Map<String, T>, Plan> replace;
    private final boolean conflictChecked;
    private final Consumer<T> fields;
    private final Function<T, List<Reference>> references;

    private EntityKind(String path, String singular, Class<T> type, Function<T, String> id,
                       Function<Plan, Map<String, T>> inPlan, BiFunction<Plan, Map<String, T>, Plan> replace,
                       boolean conflictChecked, Consumer<T> fields, Function<T, List<Reference>> references) {
        this.path = path;
        this.singular = singular;
        this.type = type;
        this.id = id;
        this.inPlan = inPlan;
        this.replace = replace;
        this.conflictChecked = conflictChecked;
        this.fields = fields;
        this.references = references;
    }

    public static Optional<EntityKind<?>> byPath(String path) {
        return ALL.stream().filter(k -> k.path.equals(path)).findFirst();
    }

    /** Path segment under {@code /api/v1} and name of the Redis hash. */
    public String path() {
        return path;
    }

    public String singular() {
        return singular;
    }

    public Class<T> type() {
        return type;
    }

    public String idOf(T value) {
        return id.apply(value);
    }

    public Map<String, T> in(Plan plan) {
        return inPlan.apply(plan);
    }

    /** True for kinds whose changes can create conflicts, so writes are checked. */
    public boolean conflictChecked() {
        return conflictChecked;
    }

    public String redisKey() {
        return RedisKeys.entities(path);
    }

    /** The plan with these values added or replaced. */
    public Plan with(Plan plan, List<T> values) {
        Map<String, T> map = new LinkedHashMap<>(in(plan));
        values.forEach(v -> map.put(idOf(v), v));
        return replace.apply(plan, map);
    }

    /** The plan without this id. */
    public Plan without(Plan plan, String entityId) {
        Map<String, T> map = new LinkedHashMap<>(in(plan));
        map.remove(entityId);
        return replace.apply(plan, map);
    }

    /** Checks one entity's fields and that what it references exists in {@code plan}. */
    public void validate(T value, Plan plan) {
        String entityId = idOf(value);
        text("id", entityId);
        check(ID.matcher(entityId).matches(), "id", "1 to 64 letters, digits or . _ : - [id:" + entityId + "]");
        fields.accept(value);
        for (Reference r : references.apply(value)) {
            EntityKind<?> target = byPath(r.kind()).orElseThrow();
            if (!target.in(plan).containsKey(r.id())) {
                throw ValidationException.unknownReference(r.field(), target.singular, r.id());
            }
        }
    }

    /** What in {@code plan} still references {@code kind}/{@code targetId}, as "kind/id.field" strings. */
    public static List<String> referencesTo(Plan plan, EntityKind<?> kind, String targetId) {
        List<String> out = new ArrayList<>();
        for (EntityKind<?> k : ALL) {
            collect(plan, k, kind.path, targetId, out);
        }
        return out;
    }

    private static <U> void collect(Plan plan, EntityKind<U> k, String targetKind, String targetId, List<String> out) {
        for (U value : k.in(plan).values()) {
            for (Reference r : k.references.apply(value)) {
                if (r.kind().equals(targetKind) && r.id().equals(targetId)) {
                    out.add(k.path + "/" + k.idOf(value) + "." + r.field());
                }
            }
        }
    }

    private static void checkPairing(Pairing p) {
        text("masterClassroomId", p.masterClassroomId());
        text("masterTeacherId", p.masterTeacherId());
        text("subject", p.subject());
        present("profile", p.profile());
        check(!p.listening().isEmpty() && p.listening().size() <= Pairing.MAX_LISTENING, "listening",
                "must hold 1 to " + Pairing.MAX_LISTENING + " listening classrooms");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < p.listening().size(); i++) {
            PairedClassroom pc = p.listening().get(i);
            present("listening[" + i + "]", pc);
            text("listening[" + i + "].classroomId", pc.classroomId());
            check(seen.add(pc.classroomId()), "listening[" + i + "].classroomId",
                    "listed twice [id:" + pc.classroomId() + "]");
            check(!pc.classroomId().equals(p.masterClassroomId()), "listening[" + i + "].classroomId",
                    "is the master classroom [id:" + pc.classroomId() + "]");
        }
    }

    private static List<Reference> pairingReferences(Pairing p) {
        List<Reference> out = new ArrayList<>();
        out.add(new Reference("masterClassroomId", "classrooms", p.masterClassroomId()));
        out.add(new Reference("masterTeacherId", "teachers", p.masterTeacherId()));
        for (int i = 0; i < p.listening().size(); i++) {
            PairedClassroom pc = p.listening().get(i);
            out.add(new Reference("listening[" + i + "].classroomId", "classrooms", pc.classroomId()));
            if (pc.assistantTeacherId() != null) {
                out.add(new Reference("listening[" + i + "].assistantTeacherId", "teachers", pc.assistantTeacherId()));
            }
        }
        return out;
    }

    private static void checkEntry(TimetableEntry e) {
        text("termId", e.termId());
        text("pairingId", e.pairingId());
        present("recurrence", e.recurrence());
        present("start", e.start());
        present("end", e.end());
        check(e.start().isBefore(e.end()), "end", "must be after start");
        check(e.period() >= 1 && e.period() <= 20, "period", "must be between 1 and 20");
        if (e.recurrence() == Recurrence.ONCE) {
            present("from", e.from());
        } else {
            present("weekday", e.weekday());
        }
        check(e.from() == null || e.until() == null || !e.until().isBefore(e.from()), "until", "must not be before from");
    }

    private static void text(String field, String value) {
        check(value != null && !value.isBlank(), field, "is required");
    }

    private static void present(String field, Object value) {
        check(value != null, field, "is required");
    }

    private static void check(boolean ok, String field, String reason) {
        if (!ok) {
            throw ValidationException.invalid(field, reason);
        }
    }

    @Override
    public String toString() {
        return path;
    }
}
