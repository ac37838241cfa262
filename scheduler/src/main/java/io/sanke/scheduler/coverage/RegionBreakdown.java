package io.sanke.scheduler.coverage;

import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.Region;
import io.sanke.scheduler.api.School;
import io.sanke.scheduler.api.SchoolKind;
import io.sanke.scheduler.coverage.CoverageReport.RegionFigures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The headline figures per child region of a report: each school counted in the child
 * region it lies in (at any depth), each pairing's lessons counted once in every child
 * region holding one of its classrooms' schools. Does not decide which lessons or
 * teaching points count: it rolls up what {@link CoverageCalculator} found.
 */
final class RegionBreakdown {
    private RegionBreakdown() {
    }

    /**
     * @param children       the child regions, in output order
     * @param schoolsByPairing schools of each pairing's master and listening classrooms
     * @param covered        teaching points covered in the period
     * @param recordingSchools schools with a recording-capable classroom
     * @param tallies        lesson counts of each pairing in scope
     */
    static List<RegionFigures> of(Plan plan, List<String> children, Map<String, Set<String>> schoolsByPairing,
                                  Set<String> covered, Set<String> recordingSchools, Map<String, LessonTally> tallies) {
        int n = children.size();
        if (n == 0) {
            return List.of();
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(children.get(i), i);
        }
        Map<String, Integer> childOfRegion = new HashMap<>();
        Map<String, Integer> childOfSchool = new HashMap<>();
        int[] tp = new int[n], tpCovered = new int[n], ts = new int[n], tsRecording = new int[n];
        int[] scheduled = new int[n], delivered = new int[n];
        for (School school : plan.schools().values()) {
            int c = childOf(plan, school.regionId(), index, childOfRegion);
            if (c < 0) {
                continue;
            }
            childOfSchool.put(school.id(), c);
            if (school.teachingPoint()) {
                tp[c]++;
                tpCovered[c] += covered.contains(school.id()) ? 1 : 0;
            }
            if (school.kind() == SchoolKind.TOWNSHIP) {
                ts[c]++;
                tsRecording[c] += recordingSchools.contains(school.id()) ? 1 : 0;
            }
        }
        boolean[] seen = new boolean[n];
        for (Map.Entry<String, LessonTally> e : tallies.entrySet()) {
            if (e.getKey() == null) {
                continue;
            }
            Arrays.fill(seen, false);
            for (String schoolId : schoolsByPairing.getOrDefault(e.getKey(), Set.of())) {
                Integer c = childOfSchool.get(schoolId);
                if (c != null && !seen[c]) {
                    seen[c] = true;
                    scheduled[c] += e.getValue().scheduled;
                    delivered[c] += e.getValue().delivered;
                }
            }
        }
        List<RegionFigures> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Region r = plan.regions().get(children.get(i));
            out.add(new RegionFigures(r.id(), r.name(), tp[i], tpCovered[i], CoverageCalculator.share(tpCovered[i], tp[i]),
                    ts[i], tsRecording[i], CoverageCalculator.share(tsRecording[i], ts[i]),
                    scheduled[i], delivered[i], CoverageCalculator.share(delivered[i], scheduled[i])));
        }
        return out;
    }

    /** Index of the child region a region lies in, or -1; walks up the tree once per region. */
    private static int childOf(Plan plan, String regionId, Map<String, Integer> index, Map<String, Integer> memo) {
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
