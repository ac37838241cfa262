package io.sanke.scheduler.testing;

import com.typesafe.config.ConfigFactory;
import io.sanke.scheduler.api.LessonProfile;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.RegionLevel;
import io.sanke.scheduler.api.SchoolKind;
import io.sanke.scheduler.rules.PlanFixture;
import io.sanke.scheduler.server.SchedulerConfig;

import java.time.DayOfWeek;

/**
 * The plan most scheduler tests use: one county, an urban school with master
 * classroom {@code m1} (teacher {@code t-master}), two village teaching points with
 * listening classrooms {@code l1}, {@code l2} (assistants {@code t-a1}, {@code t-a2}),
 * pairing {@code p1} and a weekly Monday lesson {@code e1} 08:00–08:45 in term
 * {@code t-2026a} (see {@link PlanFixture}). 2026-09-07 is a Monday of week 2.
 */
public final class Fixtures {
    public static final String SECRET = "test-secret-test-secret-test-secret-42";
    public static final String MONDAY = "2026-09-07";
    public static final String SESSION = "e1@" + MONDAY;

    private Fixtures() {
    }

    public static PlanFixture county() {
        return PlanFixture.withTerm()
                .region("prov", "示范省", RegionLevel.PROVINCE, null)
                .region("city", "示范市", RegionLevel.CITY, "prov")
                .region("county", "示范县", RegionLevel.COUNTY, "city")
                .school("s-urban", "县第一小学", "county", SchoolKind.URBAN, false)
                .school("s-v1", "李家村教学点", "county", SchoolKind.VILLAGE, true)
                .school("s-v2", "王家村教学点", "county", SchoolKind.VILLAGE, true)
                .master("m1", "s-urban")
                .listening("l1", "s-v1")
                .listening("l2", "s-v2")
                .teacher("t-master", "s-urban")
                .teacher("t-other", "s-urban")
                .teacher("t-a1", "s-v1")
                .teacher("t-a2", "s-v2")
                .pairing("p1", "m1", "t-master", "数学", LessonProfile.STANDARD, "l1", "t-a1", "l2", "t-a2")
                .weekly("e1", "p1", DayOfWeek.MONDAY, "08:00", "08:45");
    }

    public static Plan plan() {
        return county().plan();
    }

    /** reference.conf defaults with this Redis, a fixed secret and a free HTTP port. */
    public static SchedulerConfig config(RedisProcess redis) {
        return SchedulerConfig.from(ConfigFactory.load()).withRedisUri(redis.uri()).withHttpPort(0).withAuthSecret(SECRET);
    }
}
