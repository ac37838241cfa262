package io.sanke.scheduler.csv;

import java.util.List;

/** The columns of each import file, in the order {@link CsvExport} writes them. */
final class Columns {
    private Columns() {
    }

    static final Column SCHOOL_ID = Column.optional("school_id", "学校编号", "id", "编号", "学校代码", "学校标识码");
    static final Column SCHOOL_NAME = Column.required("school_name", "学校名称", "name", "名称", "学校");
    static final Column REGION = Column.required("region", "所属区县", "region_id", "区县", "所属地区", "地区");
    static final Column SCHOOL_KIND = Column.required("school_kind", "学校类型", "kind", "类型");
    static final Column TEACHING_POINT = Column.required("teaching_point", "是否教学点", "教学点", "is_teaching_point");
    static final List<Column> SCHOOLS = List.of(SCHOOL_ID, SCHOOL_NAME, REGION, SCHOOL_KIND, TEACHING_POINT);

    static final Column CLASSROOM_ID = Column.optional("classroom_id", "教室编号", "id", "编号");
    static final Column CLASSROOM_SCHOOL = Column.required("school", "所属学校", "school_id", "学校");
    static final Column CLASSROOM_NAME = Column.required("classroom_name", "教室名称", "name", "名称");
    static final Column CLASSROOM_KIND = Column.required("kind", "教室类型", "classroom_kind", "类型");
    static final Column RECORDING = Column.required("recording_capable", "录播", "recording", "是否录播", "录播教室");
    static final Column UPLINK = Column.required("uplink_kbps", "上行带宽", "uplink");
    static final Column DOWNLINK = Column.required("downlink_kbps", "下行带宽", "downlink");
    static final List<Column> CLASSROOMS = List.of(CLASSROOM_ID, CLASSROOM_SCHOOL, CLASSROOM_NAME, CLASSROOM_KIND,
            RECORDING, UPLINK, DOWNLINK);

    static final Column TEACHER_ID = Column.optional("teacher_id", "教师编号", "id", "编号", "工号");
    static final Column TEACHER_NAME = Column.required("teacher_name", "教师姓名", "name", "姓名");
    static final Column TEACHER_SCHOOL = Column.required("school", "所属学校", "school_id", "学校");
    static final Column SUBJECTS = Column.optional("subjects", "任教学科", "subject", "学科");
    static final List<Column> TEACHERS = List.of(TEACHER_ID, TEACHER_NAME, TEACHER_SCHOOL, SUBJECTS);

    static final Column ENTRY_ID = Column.optional("entry_id", "课表编号", "id", "编号");
    static final Column TERM = Column.required("term", "学期", "term_id");
    static final Column PAIRING = Column.required("pairing", "结对", "pairing_id", "结对编号");
    static final Column WEEKDAY = Column.required("weekday", "星期", "day", "周几");
    static final Column PERIOD = Column.required("period", "节次", "第几节");
    static final Column START = Column.required("start", "开始时间", "start_time");
    static final Column END = Column.required("end", "结束时间", "end_time");
    static final Column RECURRENCE = Column.required("recurrence", "周次", "重复", "频率");
    static final Column FROM = Column.optional("from", "开始日期", "from_date", "start_date");
    static final Column UNTIL = Column.optional("until", "结束日期", "until_date", "end_date");
    static final List<Column> TIMETABLE = List.of(ENTRY_ID, TERM, PAIRING, WEEKDAY, PERIOD, START, END, RECURRENCE,
            FROM, UNTIL);
}
