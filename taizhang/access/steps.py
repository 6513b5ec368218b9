"""What each recording step is called in the township's words, for refusals and the pages that offer it."""

from __future__ import annotations

STEP_LABELS: dict[str, str] = {
    # accounts
    "accounts.open": "开通账号",
    "accounts.change_access": "变更账号权限",
    "accounts.link_person": "关联账号与人员",
    "accounts.disable": "停用账号",
    "accounts.reset_password": "重置密码",
    "accounts.issue_api_key": "签发接口密钥",
    "accounts.revoke_api_key": "吊销接口密钥",
    "accounts.change_own_password": "修改自己的密码",
    # organisation and calendar
    "villages.register": "登记村",
    "villages.add_group": "增加村民小组",
    "villages.rename": "村更名",
    "villages.count_households": "登记户数",
    "people.enrol": "登记人员",
    "people.take_role": "任职",
    "people.end_role": "免职（结束任职）",
    "calendar.record_notice": "登记节假日安排",
    # problems
    "problems.register": "登记问题",
    "problems.assign": "交办问题",
    "problems.extend_deadline": "延长整改期限",
    "problems.report_rectification": "上报整改",
    "problems.verify": "验收整改",
    "problems.close": "对账销号",
    "problems.reopen": "重新交办（反弹）",
    "problems.void": "作废问题",
    "evidence.upload": "上传佐证材料",
    "imports.excel_ledger": "导入Excel台账",
    "imports.roster": "导入花名册",
    # public reports
    "reports.submit": "提交群众举报",
    "reports.confirm": "核实举报",
    "reports.link_problem": "关联举报与问题",
    "reports.approve_reward": "审批举报奖励",
    "reports.pay_reward": "登记奖励发放",
    "reports.reject": "驳回举报",
    "reports.forget_identity": "删除举报人身份信息",
    # campaign work
    "work.record": "登记工作量",
    "work.correct": "更正工作量",
    "work.withdraw": "撤回工作量",
    "work.survey_toilets": "登记改厕摸排",
    "work.build_sewage_station": "登记污水处理站",
    "work.change_custodian": "变更设施管护人",
    # assessment and pay
    "rules.adopt": "采用考核规则",
    "patrols.record": "登记日巡查",
    "patrols.correct": "更正日巡查",
    "patrols.withdraw": "撤回日巡查",
    "patrols.open_problem": "由巡查发现登记问题",
    "months.close": "月度结账",
    "bulletins.publish": "发布季度通报",
    "red_black.publish": "发布红黑榜",
    "pay_sheets.draft": "编制发放表",
    "pay_sheets.approve": "审批发放表",
    "flags.review": "核查疑点",
    "cases.open": "问责立案",
    "cases.interview": "登记约谈",
    "cases.commit": "登记整改承诺",
    "cases.follow_up": "登记回访核查",
    "cases.close": "问责结案",
    "cases.escalate": "升级处理（通报批评、移送县级）",
    "pay_sheets.paid": "登记发放",
    "year_end.freeze": "确认年终考核",
    # responsibility letters
    "letters.draft": "起草责任书",
    "letters.sign": "签订责任书",
    "letters.renew": "续签责任书",
    "letters.revoke": "撤销责任书",
}


def step_label(route: str) -> str:
    """The step's name, or the route's own when a step has none yet (a test holds that every one has)."""
    return STEP_LABELS.get(route, route)
