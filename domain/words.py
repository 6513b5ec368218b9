"""One vocabulary: every code the record holds, said in the township's words.

Pages, Excel and Word files, CSV exports and the command line's tables all say a code through here,
so a stage, a role or a step is called the same everywhere. The enumerations keep their own labels
beside them (``domain.vocabulary``, ``domain.account``, ``domain.assessment``); this module adds the
words for what has no enumeration (the steps of the record, the fields of events) and one way to
look any of them up.
"""

from __future__ import annotations

from domain.account import ACCESS_ROLE_LABELS
from domain.assessment.letters import LETTER_KIND_LABELS
from domain.assessment.paysheet import SHEET_KIND_LABELS, SHEET_STATUS_LABELS
from domain.assessment.reports import REPORT_STAGE_LABELS
from domain.vocabulary import CATEGORY_LABELS, ROLE_LABELS, SOURCE_LABELS, STAGE_LABELS

# Each kind of event, as a clerk names the step it records (keyed by ``Aggregate.Event``).
EVENT_LABELS = {
    "Township.Established": "建立乡镇",
    "Township.Renamed": "乡镇更名",
    "Village.Registered": "登记村",
    "Village.GroupAdded": "增设村民小组",
    "Village.Renamed": "村更名",
    "Person.Enrolled": "登记人员",
    "Person.RoleTaken": "任职",
    "Person.RoleEnded": "离任",
    "Account.Opened": "开通账号",
    "Account.PersonLinked": "账号关联人员",
    "Account.AccessChanged": "变更权限",
    "Account.Disabled": "停用账号",
    "Account.PasswordChanged": "修改密码",
    "Problem.Registered": "问题登记",
    "Problem.Assigned": "交办",
    "Problem.DeadlineExtended": "延期",
    "Problem.RectificationReported": "整改上报",
    "Problem.RectificationPassed": "验收通过",
    "Problem.RectificationRejected": "验收退回",
    "Problem.Closed": "销号",
    "Problem.Reopened": "重新打开",
    "Problem.Voided": "作废",
    "HolidayNotice.Recorded": "录入节假日安排",
    "HolidayNotice.Revised": "修订节假日安排",
    "WorkRecord.Recorded": "登记工作量",
    "WorkRecord.Corrected": "更正工作量",
    "WorkRecord.Withdrawn": "撤销工作量",
    "ToiletSurvey.Surveyed": "改厕摸底",
    "ToiletSurvey.Resurveyed": "改厕复查",
    "SewageStation.Built": "建成污水处理站",
    "SewageStation.CustodianChanged": "变更管护人",
    "SewageStation.CarePostsChanged": "调整管护岗",
    "Import.Recorded": "导入文件",
    "StoreMark.Marked": "初始化台账",
    "RuleBook.Opened": "建立考核规则",
    "RuleBook.VersionAdopted": "采用规则版本",
    "DailyPatrol.Recorded": "日巡查",
    "DailyPatrol.Corrected": "巡查记录更正",
    "DailyPatrol.FindingLinked": "巡查扣分登记为问题",
    "DailyPatrol.Withdrawn": "巡查记录撤销",
    "MonthClosing.Closed": "月度结账",
    "QuarterBulletin.Published": "发布季度通报",
    "PaySheet.Drafted": "编制发放表",
    "PaySheet.Redrafted": "重新编制发放表",
    "PaySheet.Approved": "审批发放表",
    "PaySheet.Paid": "发放",
    "YearEndRecord.Frozen": "确定年终考核",
    "ResponsibilityLetter.Drafted": "起草责任书",
    "ResponsibilityLetter.Signed": "签订责任书",
    "ResponsibilityLetter.Renewed": "续签责任书",
    "ResponsibilityLetter.Revoked": "撤销责任书",
    "HouseholdCensus.Started": "建立户数台账",
    "HouseholdCensus.Counted": "登记户数",
    "PublicReport.Submitted": "受理举报",
    "PublicReport.Confirmed": "举报核查属实",
    "PublicReport.LinkedToProblem": "举报关联问题",
    "PublicReport.RewardApproved": "批准举报奖励",
    "PublicReport.RewardPaid": "发放举报奖励",
    "PublicReport.Rejected": "举报不予采纳",
    "PublicReport.IdentityForgotten": "销毁举报人身份",
    "FlagReview.Reviewed": "核查疑点",
    "FlagReview.Revised": "改变疑点核查结论",
    "AccountabilityCase.Opened": "问责立案",
    "AccountabilityCase.InterviewHeld": "约谈",
    "AccountabilityCase.CommitmentMade": "整改承诺",
    "AccountabilityCase.FollowUpChecked": "回访核查",
    "AccountabilityCase.Closed": "问责结案",
    "AccountabilityCase.Escalated": "升级处理",
    "RedBlackList.Published": "发布红黑榜",
}

# The fields of events and records, as an inspector's pages name them.
FIELD_LABELS = {
    "source": "来源",
    "category": "类别",
    "village_id": "村",
    "group_id": "村民小组",
    "place": "地点",
    "description": "情况",
    "unit_kind": "责任单位类型",
    "location": "坐标",
    "is_open": "是否在办",
    "unit_id": "责任单位",
    "previous_deadline": "原期限",
    "deadline": "期限",
    "working_days": "工作日数",
    "approver": "批准人",
    "reason": "原因",
    "note": "说明",
    "on_time": "按期",
    "kind": "类型",
    "original_id": "原问题",
    "resources": "投入",
    "evidence": "证据",
    "name": "名称",
    "code": "编码",
    "phone": "电话",
    "role": "职务",
    "start": "起始日",
    "end": "截止日",
    "area": "负责区域",
    "username": "用户名",
    "display_name": "显示名",
    "access_role": "权限",
    "person_id": "人员",
    "day": "日期",
    "findings": "扣分项",
    "inspector_id": "巡查人",
    "cleaner_id": "保洁员",
    "month": "月份",
    "year": "年度",
    "quarter": "季度",
    "amount": "金额",
    "reference": "凭证号",
    "paid_on": "发放日期",
    "targets": "目标",
    "household": "农户",
    "households": "户数",
    "signatory": "签字人",
    "side": "签字方",
    "indicator": "指标",
    "quantity": "数量",
    "problem_id": "问题",
    "rule_version_id": "规则版本",
    "digest": "摘要",
    "as_of_position": "依据的台账位置",
    "period_start": "责任期起始",
    "period_end": "责任期截止",
    "as_on": "统计日期",
    "item": "扣分项",
    "count": "处数",
    "renovated": "已改厕户数",
    "pending": "待改厕户数",
    "custodian_id": "管护人",
    "care_posts": "管护岗数",
}

RESOURCE_LABELS = {
    "labour_person_times": ("人工", "人次"),
    "machinery_unit_times": ("机械", "台次"),
    "tonnes_cleared": ("清运垃圾", "吨"),
    "buildings_demolished": ("拆除建筑", "处"),
}

VOID_LABELS = {"duplicate": "重复登记", "mistake": "误登记"}
UNIT_KIND_LABELS = {"village": "村", "group": "村民小组", "township": "乡镇", "river_reach": "河段", "facility": "设施"}

# Every labelled vocabulary by the name of what it says, for ``word``.
VOCABULARIES: dict[str, dict[str, str]] = {
    "source": {s.value: label for s, label in SOURCE_LABELS.items()},
    "category": {c.value: label for c, label in CATEGORY_LABELS.items()},
    "stage": {s.value: label for s, label in STAGE_LABELS.items()},
    "role": {r.value: label for r, label in ROLE_LABELS.items()},
    "access_role": {r.value: label for r, label in ACCESS_ROLE_LABELS.items()},
    "sheet_kind": {k.value: label for k, label in SHEET_KIND_LABELS.items()},
    "sheet_status": {s.value: label for s, label in SHEET_STATUS_LABELS.items()},
    "letter_kind": {k.value: label for k, label in LETTER_KIND_LABELS.items()},
    "report_stage": {s.value: label for s, label in REPORT_STAGE_LABELS.items()},
    "void_kind": VOID_LABELS,
    "unit_kind": UNIT_KIND_LABELS,
    "event": EVENT_LABELS,
    "field": FIELD_LABELS,
}


def word(vocabulary: str, code: object, missing: str = "—") -> str:
    """The township's word for ``code`` in ``vocabulary``; ``missing`` for nothing, the code itself if unknown."""
    if code is None or code == "":
        return missing
    text = str(getattr(code, "value", code))
    return VOCABULARIES[vocabulary].get(text, text)


def event_word(topic: str) -> str:
    """A step of the record by its event's topic (``domain.problem:Problem.Closed``) or qualified name."""
    name = topic.rsplit(":", 1)[-1]
    return EVENT_LABELS.get(name, name.rsplit(".", 1)[-1])
