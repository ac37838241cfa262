package io.sanke.scheduler.coverage;

import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.PairedClassroom;
import io.sanke.scheduler.api.Pairing;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.RecordingEvent;
import io.sanke.scheduler.api.Region;
import io.sanke.scheduler.api.SchedulerException;
import io.sanke.scheduler.api.School;
import io.sanke.scheduler.api.SchoolKind;
import io.sanke.scheduler.api.SessionCalendar;
import io.sanke.scheduler.api.SessionState;
import io.sanke.scheduler.coverage.CoverageReport.Lessons;
import io.sanke.scheduler.coverage.CoverageReport.RegionFigures;
import io.sanke.scheduler.coverage.CoverageReport.TeachingPoints;
import io.sanke.scheduler.coverage.CoverageReport.TownshipSchools;
import io.sanke.scheduler.coverage.CoverageReport.UncoveredTeachingPoint;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Computes coverage and quality figures for a scope (everything, a region with its
 * descendants, a school or a pairing) over a period. Pure: no I/O, no clock (the
 * caller passes {@code asOf}); the caller passes the sessions and recording events it
 * has. One pass over the sessions, one over the schools: linear in the input.
 *
 * <p>Which lessons a scope holds: all of them; for a region or a school, the lessons
 * of every pairing with a classroom (master or listening) in a school of the region
 * (descendants included) or in the school; for a pairing, its own. Which schools a
 * scope holds: all; those of the region and its descendants; the school; the schools
 * of the pairing's classrooms. Exact definitions of every figure:
 * {@code docs/scheduler-rules.md}.
 */
public final class CoverageCalculator {
    /** Share of teaching points that must be reached (100 %). */
    public static final double TEACHING_POINT_TARGET = 1.0;
    /** Share of township schools that must have a recorded classroom (50 %). */
    public static final double TOWNSHIP_RECORDING_TARGET = 0.5;

    private static final String UNKNOWN_SUBJECT = "未知";

    private final double teachingPointTarget;
    private final double townshipRecordingTarget;

    /** A calculator with the targets of the provincial plans. */
    public CoverageCalculator() {
        this(TEACHING_POINT_TARGET, TOWNSHIP_RECORDING_TARGET);
    }

    /** A calculator with other targets, each a share in 0..1. */
    public CoverageCalculator(double teachingPointTarget, double townshipRecordingTarget) {
        this.teachingPointTarget = share("teaching-point-target", teachingPointTarget);
        this.townshipRecordingTarget = share("township-recording-target", townshipRecordingTarget);
    }

    private static double share(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw SchedulerException.invalid(name, "must be a share between 0 and 1, was " + value);
        }
        return value;
    }

    /** As {@link #compute(Plan, Collection, Collection, Scope, LocalDate, LocalDate, Instant)} over a {@link CoveragePeriod}. */
    public CoverageReport compute(Plan plan, Collection<LessonSession> sessions, Collection<RecordingEvent> recordings,
                                  Scope scope, CoveragePeriod period, Instant asOf) {
        return compute(plan, sessions, recordings, scope, period.from(), period.to(), asOf);
    }

    /**
     * @param sessions   sessions dated in the period, in their current state (others are ignored)
     * @param recordings recording events (only {@code PUBLISHED} ones count)
     * @param asOf       sessions scheduled to start after this instant are not yet due
     * @throws SchedulerException {@code invalid} for a missing argument, an unknown scope type or
     *                            {@code from} after {@code to}; {@code not_found} for a scope id not in the plan
     */
    public CoverageReport compute(Plan plan, Collection<LessonSession> sessions, Collection<RecordingEvent> recordings,
                                  Scope scope, LocalDate from, LocalDate to, Instant asOf) {
        if (plan == null || sessions == null || recordings == null || scope == null || asOf == null) {
            throw SchedulerException.invalid("coverage", "plan, sessions, recordings, scope and asOf are all required");
        }
        CoveragePeriod period = new CoveragePeriod(from, to);
        scope.validate();
        return new Run(plan, scope, period, asOf).compute(sessions, recordings);
    }

    /** One computation: the plan's indexes and the scope's predicates. */
    private final class Run {
        private final Plan plan;
        private final Scope scope;
        private final CoveragePeriod period;
        private final Instant asOf;
        private final String scopeName;
        private final Predicate<School> schoolInScope;
        private final Map<String, Set<String>> schoolsByPairing = new HashMap<>();
        private final Map<String, Set<String>> listeningSchoolsByPairing = new HashMap<>();
        private final Map<String, Boolean> pairingInScope = new HashMap<>();
        private final Map<String, List<String>> childRegions = new HashMap<>();

        Run(Plan plan, Scope scope, CoveragePeriod period, Instant asOf) {
            this.plan = plan;
            this.scope = scope;
            this.period = period;
            this.asOf = asOf;
            for (Region r : plan.regions().values()) {
                childRegions.computeIfAbsent(r.parentId(), k -> new ArrayList<>()).add(r.id());
            }
            childRegions.values().forEach(ids -> ids.sort(Comparator.naturalOrder()));
            for (Pairing p : plan.pairings().values()) {
                Set<String> all = new LinkedHashSet<>();
                Set<String> listening = new LinkedHashSet<>();
                addSchool(all, p.masterClassroomId());
                for (PairedClassroom pc : p.listening()) {
                    addSchool(all, pc.classroomId());
                    addSchool(listening, pc.classroomId());
                }
                schoolsByPairing.put(p.id(), all);
                listeningSchoolsByPairing.put(p.id(), listening);
            }
            switch (scope.type()) {
                case "all" -> {
                    scopeName = "全部";
                    schoolInScope = s -> true;
                }
                case "region" -> {
                    Region region = plan.regions().get(scope.id());
                    if (region == null) {
                        throw SchedulerException.notFound("region", scope.id());
                    }
                    scopeName = region.name();
                    Set<String> subtree = subtree(region.id());
                    schoolInScope = s -> subtree.contains(s.regionId());
                }
                case "school" -> {
                    School school = plan.schools().get(scope.id());
                    if (school == null) {
                        throw SchedulerException.notFound("school", scope.id());
                    }
                    scopeName = school.name();
                    schoolInScope = s -> s.id().equals(school.id());
                }
                case "pairing" -> {
                    Pairing pairing = plan.pairings().get(scope.id());
                    if (pairing == null) {
                        throw SchedulerException.notFound("pairing", scope.id());
                    }
                    scopeName = pairing.subject();
                    Set<String> schools = schoolsByPairing.get(pairing.id());
                    schoolInScope = s -> schools.contains(s.id());
                }
                default -> throw new IllegalStateException("validated scope " + scope);
            }
        }

        private void addSchool(Set<String> into, String classroomId) {
            Classroom room = classroomId == null ? null : plan.classrooms().get(classroomId);
            if (room != null && room.schoolId() != null) {
                into.add(room.schoolId());
            }
        }

        /** The region and every region below it. */
        private Set<String> subtree(String regionId) {
            Set<String> out = new HashSet<>();
            ArrayDeque<String> todo = new ArrayDeque<>(List.of(regionId));
            while (!todo.isEmpty()) {
                String id = todo.pop();
                if (out.add(id)) {
                    todo.addAll(childRegions.getOrDefault(id, List.of()));
                }
            }
            return out;
        }

        private boolean inScope(String pairingId) {
            if (scope.type().equals("all")) {
                return true;
            }
            if (scope.type().equals("pairing")) {
                return scope.id().equals(pairingId);
            }
            return pairingId != null && pairingInScope.computeIfAbsent(pairingId, id -> {
                for (String schoolId : schoolsByPairing.getOrDefault(id, Set.of())) {
                    School s = plan.schools().get(schoolId);
                    if (s != null && schoolInScope.test(s)) {
                        return true;
                    }
                }
                return false;
            });
        }

        /** What happened to one pairing's lessons in the period. */
        private static final class Tally {
            int scheduled;
            int delivered;
            int missed;
            int pending;
            int cancelled;
            int notYetDue;
            int recorded;
            long seconds;

            void add(LessonSession s, Instant asOf, Set<String> publishedSessions) {
                SessionState state = s.state();
                if (state == SessionState.CANCELLED) {
                    cancelled++;
                    return;
                }
                boolean due = state == SessionState.LIVE || state == SessionState.ENDED || state == SessionState.MISSED
                        || s.scheduledStart() == null || !s.scheduledStart().isAfter(asOf);
                if (!due) {
                    notYetDue++;
                    return;
                }
                scheduled++;
                if (s.delivered()) {
                    delivered++;
                    seconds += seconds(s);
                    if (s.recorded() || publishedSessions.contains(s.id())) {
                        recorded++;
                    }
                } else if (state == SessionState.MISSED) {
                    missed++;
                } else {
                    pending++;
                }
            }
        }

        CoverageReport compute(Collection<LessonSession> sessions, Collection<RecordingEvent> recordings) {
            Set<String> publishedSessions = new HashSet<>();
            Set<String> schoolsWithPublished = new HashSet<>();
            Instant periodStart = period.from().atStartOfDay(SessionCalendar.ZONE).toInstant();
            Instant periodEnd = period.to().plusDays(1).atStartOfDay(SessionCalendar.ZONE).toInstant();
            for (RecordingEvent e : recordings) {
                if (e.type() != RecordingEvent.Type.PUBLISHED) {
                    continue;
                }
                if (e.sessionId() != null) {
                    publishedSessions.add(e.sessionId());
                }
                if (e.at() != null && !e.at().isBefore(periodStart) && e.at().isBefore(periodEnd) && e.classroomId() != null) {
                    Classroom room = plan.classrooms().get(e.classroomId());
                    if (room != null && room.schoolId() != null) {
                        schoolsWithPublished.add(room.schoolId());
                    }
                }
            }

            // One pass over the sessions, counting per pairing; the scope is then applied per pairing.
            Map<String, Tally> byPairing = new HashMap<>();
            for (LessonSession s : sessions) {
                if (s.date() != null && period.contains(s.date())) {
                    byPairing.computeIfAbsent(s.pairingId(), k -> new Tally()).add(s, asOf, publishedSessions);
                }
            }
            Tally total = new Tally();
            Map<String, Long> secondsBySubject = new HashMap<>();
            Set<String> coveredSchools = new HashSet<>();
            Map<String, Tally> tallies = new HashMap<>();
            for (Map.Entry<String, Tally> e : byPairing.entrySet()) {
                if (!inScope(e.getKey())) {
                    continue;
                }
                Tally t = e.getValue();
                tallies.put(e.getKey(), t);
                total.scheduled += t.scheduled;
                total.delivered += t.delivered;
                total.missed += t.missed;
                total.pending += t.pending;
                total.cancelled += t.cancelled;
                total.notYetDue += t.notYetDue;
                total.recorded += t.recorded;
                total.seconds += t.seconds;
                if (t.delivered > 0) {
                    Pairing p = e.getKey() == null ? null : plan.pairings().get(e.getKey());
                    String subject = p == null || p.subject() == null ? UNKNOWN_SUBJECT : p.subject();
                    secondsBySubject.merge(subject, t.seconds, Long::sum);
                    coveredSchools.addAll(listeningSchoolsByPairing.getOrDefault(e.getKey(), Set.of()));
                }
            }

            Set<String> hasRecordingClassroom = new HashSet<>();
            for (Classroom c : plan.classrooms().values()) {
                if (c.recordingCapable() && c.schoolId() != null) {
                    hasRecordingClassroom.add(c.schoolId());
                }
            }

            int tpTotal = 0, tpCovered = 0, tsTotal = 0, tsRecording = 0, tsPublished = 0;
            List<School> uncovered = new ArrayList<>();
            for (School school : plan.schools().values()) {
                if (!schoolInScope.test(school)) {
                    continue;
                }
                if (school.teachingPoint()) {
                    tpTotal++;
                    if (coveredSchools.contains(school.id())) {
                        tpCovered++;
                    } else {
                        uncovered.add(school);
                    }
                }
                if (school.kind() == SchoolKind.TOWNSHIP) {
                    tsTotal++;
                    tsRecording += hasRecordingClassroom.contains(school.id()) ? 1 : 0;
                    tsPublished += schoolsWithPublished.contains(school.id()) ? 1 : 0;
                }
            }
            uncovered.sort(Comparator.comparing((School s) -> String.valueOf(s.regionId())).thenComparing(School::id));
            List<UncoveredTeachingPoint> uncoveredRows = new ArrayList<>(uncovered.size());
            for (School s : uncovered) {
                Region r = s.regionId() == null ? null : plan.regions().get(s.regionId());
                uncoveredRows.add(new UncoveredTeachingPoint(s.id(), s.name(), s.regionId(), r == null ? null : r.name()));
            }

            Double tpShare = ratio(tpCovered, tpTotal);
            Double tsShare = ratio(tsRecording, tsTotal);
            Map<String, Double> hoursBySubject = new TreeMap<>();
            secondsBySubject.forEach((subject, secs) -> hoursBySubject.put(subject, hours(secs)));

            return new CoverageReport(scope, scopeName, period.from(), period.to(), asOf,
                    new TeachingPoints(tpTotal, tpCovered, round(tpShare), teachingPointTarget,
                            met(tpCovered, tpTotal, teachingPointTarget), uncoveredRows),
                    new TownshipSchools(tsTotal, tsRecording, round(tsShare), tsPublished, round(ratio(tsPublished, tsTotal)),
                            townshipRecordingTarget, met(tsRecording, tsTotal, townshipRecordingTarget)),
                    new Lessons(total.scheduled, total.delivered, total.missed, total.pending, total.cancelled,
                            total.notYetDue, round(ratio(total.delivered, total.scheduled)), hours(total.seconds),
                            hoursBySubject, total.recorded),
                    breakdown(coveredSchools, hasRecordingClassroom, tallies));
        }

        /** Figures per child region: of the scope region, or of the root (of the single root's children) for all. */
        private List<RegionFigures> breakdown(Set<String> coveredSchools, Set<String> hasRecordingClassroom,
                                              Map<String, Tally> tallies) {
            List<String> children;
            switch (scope.type()) {
                case "all" -> {
                    children = childRegions.getOrDefault(null, List.of());
                    if (children.size() == 1) {
                        children = childRegions.getOrDefault(children.get(0), List.of());
                    }
                }
                case "region" -> children = childRegions.getOrDefault(scope.id(), List.of());
                default -> children = List.of();
            }
            if (children.isEmpty()) {
                return List.of();
            }
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < children.size(); i++) {
                index.put(children.get(i), i);
            }
            Map<String, Integer> childOfRegion = new HashMap<>();
            int n = children.size();
            int[] tp = new int[n], tpCov = new int[n], ts = new int[n], tsRec = new int[n], sched = new int[n], deliv = new int[n];
            Map<String, Integer> childOfSchool = new HashMap<>();
            for (School school : plan.schools().values()) {
                int c = childOf(school.regionId(), index, childOfRegion);
                if (c < 0) {
                    continue;
                }
                childOfSchool.put(school.id(), c);
                if (school.teachingPoint()) {
                    tp[c]++;
                    tpCov[c] += coveredSchools.contains(school.id()) ? 1 : 0;
                }
                if (school.kind() == SchoolKind.TOWNSHIP) {
                    ts[c]++;
                    tsRec[c] += hasRecordingClassroom.contains(school.id()) ? 1 : 0;
                }
            }
            boolean[] seen = new boolean[n];
            for (Map.Entry<String, Tally> e : tallies.entrySet()) {
                if (e.getKey() == null) {
                    continue;
                }
                java.util.Arrays.fill(seen, false);
                for (String schoolId : schoolsByPairing.getOrDefault(e.getKey(), Set.of())) {
                    Integer c = childOfSchool.get(schoolId);
                    if (c != null && !seen[c]) {
                        seen[c] = true;
                        sched[c] += e.getValue().scheduled;
                        deliv[c] += e.getValue().delivered;
                    }
                }
            }
            List<RegionFigures> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Region r = plan.regions().get(children.get(i));
                out.add(new RegionFigures(r.id(), r.name(), tp[i], tpCov[i], round(ratio(tpCov[i], tp[i])),
                        ts[i], tsRec[i], round(ratio(tsRec[i], ts[i])), sched[i], deliv[i], round(ratio(deliv[i], sched[i]))));
            }
            return out;
        }

        /** Index of the child region a region lies in, or -1; walks up the tree once per region. */
        private int childOf(String regionId, Map<String, Integer> index, Map<String, Integer> memo) {
            if (regionId == null) {
                return -1;
            }
            Integer known = memo.get(regionId);
            if (known != null) {
                return known;
            }
            int found = -1;
            String id = regionId;
            for (int hops = 0; id != null && hops <= plan.regions().size(); hops++) {
                Integer i = index.get(id);
                if (i != null) {
                    found = i;
                    break;
                }
                Region r = plan.regions().get(id);
                id = r == null ? null : r.parentId();
            }
            memo.put(regionId, found);
            return found;
        }
    }

    private static long seconds(LessonSession s) {
        if (s.actualStart() != null && s.actualEnd() != null && s.actualEnd().isAfter(s.actualStart())) {
            return Duration.between(s.actualStart(), s.actualEnd()).toSeconds();
        }
        if (s.scheduledStart() != null && s.scheduledEnd() != null && s.scheduledEnd().isAfter(s.scheduledStart())) {
            return Duration.between(s.scheduledStart(), s.scheduledEnd()).toSeconds();
        }
        return 0;
    }

    private static Double ratio(int part, int whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private static Boolean met(int part, int whole, double target) {
        return whole == 0 ? null : (double) part / whole >= target;
    }

    private static Double round(Double share) {
        return share == null ? null : Math.round(share * 10_000) / 10_000.0;
    }

    private static double hours(long seconds) {
        return Math.round(seconds / 36.0) / 100.0;
    }
}
