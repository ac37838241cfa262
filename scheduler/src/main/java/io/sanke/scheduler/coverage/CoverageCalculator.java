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
        this.teachingPointTarget = checkShare("teaching-point-target", teachingPointTarget);
        this.townshipRecordingTarget = checkShare("township-recording-target", townshipRecordingTarget);
    }

    private static double checkShare(String name, double value) {
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
            Map<String, LessonTally> byPairing = new HashMap<>();
            for (LessonSession s : sessions) {
                if (s.date() != null && period.contains(s.date())) {
                    byPairing.computeIfAbsent(s.pairingId(), k -> new LessonTally()).add(s, asOf, publishedSessions);
                }
            }
            LessonTally total = new LessonTally();
            Map<String, Long> secondsBySubject = new HashMap<>();
            Set<String> coveredSchools = new HashSet<>();
            Map<String, LessonTally> tallies = new HashMap<>();
            for (Map.Entry<String, LessonTally> e : byPairing.entrySet()) {
                if (!inScope(e.getKey())) {
                    continue;
                }
                LessonTally t = e.getValue();
                tallies.put(e.getKey(), t);
                total.add(t);
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

            Map<String, Double> hoursBySubject = new TreeMap<>();
            secondsBySubject.forEach((subject, secs) -> hoursBySubject.put(subject, hours(secs)));

            return new CoverageReport(scope, scopeName, period.from(), period.to(), asOf,
                    new TeachingPoints(tpTotal, tpCovered, share(tpCovered, tpTotal), teachingPointTarget,
                            met(tpCovered, tpTotal, teachingPointTarget), uncoveredRows),
                    new TownshipSchools(tsTotal, tsRecording, share(tsRecording, tsTotal), tsPublished, share(tsPublished, tsTotal),
                            townshipRecordingTarget, met(tsRecording, tsTotal, townshipRecordingTarget)),
                    new Lessons(total.scheduled, total.delivered, total.missed, total.pending, total.cancelled,
                            total.notYetDue, share(total.delivered, total.scheduled), hours(total.seconds),
                            hoursBySubject, total.recorded),
                    breakdown(coveredSchools, hasRecordingClassroom, tallies));
        }

        /** Figures per child region: of the scope region, or of the root (of the single root's children) for all. */
        private List<RegionFigures> breakdown(Set<String> coveredSchools, Set<String> hasRecordingClassroom,
                                              Map<String, LessonTally> tallies) {
            List<String> children = switch (scope.type()) {
                case "all" -> {
                    List<String> roots = childRegions.getOrDefault(null, List.of());
                    yield roots.size() == 1 ? childRegions.getOrDefault(roots.get(0), List.of()) : roots;
                }
                case "region" -> childRegions.getOrDefault(scope.id(), List.of());
                default -> List.of();
            };
            return RegionBreakdown.of(plan, children, schoolsByPairing, coveredSchools, hasRecordingClassroom, tallies);
        }
    }

    /** {@code part ÷ whole} rounded to 4 decimals, {@code null} when whole is 0. */
    static Double share(int part, int whole) {
        return whole == 0 ? null : Math.round((double) part / whole * 10_000) / 10_000.0;
    }

    private static Boolean met(int part, int whole, double target) {
        return whole == 0 ? null : (double) part / whole >= target;
    }

    private static double hours(long seconds) {
        return Math.round(seconds / 36.0) / 100.0;
    }
}
