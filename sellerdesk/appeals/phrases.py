"""The words the quality check looks for, in English and Chinese (pure): what makes a root
cause specific, vague or completed actions, an owner and a frequency of a measure, blaming
others. Short on purpose: a rule a seller can't understand from its message is a rule they
can't satisfy."""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import text as reading


def words(english: Iterable[str], chinese: Iterable[str] = ()) -> re.Pattern[str]:
    """One pattern: English fragments as whole words (a space matching any spacing), Chinese
    fragments anywhere. Matched against ``reading.norm`` text, so English is lower case here."""
    english = "|".join(part.replace(" ", r"\s+") for part in english)
    parts = [rf"(?<![a-z0-9])(?:{english})(?![a-z0-9])"] if english else []
    return re.compile("|".join([*parts, *chinese]))


MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# What makes a root cause checkable by a reviewer: an order ID, an ASIN (or ISBN-10), a date,
# a percentage or a metric by name. "Our shipping was slow" is not; "the late shipment rate
# reached 6.2% in the week of 2026-11-02" is.
SPECIFIC = words(
    (
        r"\d{3}-\d{7}-\d{7}|b0[0-9a-z]{8}|\d{9}[0-9x]",  # order ID, ASIN, ISBN-10
        r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?",  # 2026-11-02, 11/02
        rf"{MONTH}\.? \d{{1,2}}(?:st|nd|rd|th)?|{MONTH} \d{{4}}",  # Nov 2, November 2026
        rf"\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{MONTH}",  # 2 November
        r"\d+(?:\.\d+)?\s*%",  # a percentage (NFKC folded ％)
        r"(?:late shipment|valid tracking|order defect|(?:pre-fulfil?ment )?cancell?ation"
        r"|on-time delivery|negative feedback) rate|odr",
    ),
    (
        r"\d{4}年\d{1,2}月|\d{1,2}月\d{1,2}[日号]|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}[日号]",
        "迟发率|有效追踪率|订单缺陷率|取消率|准时交货率|负面反馈率|百分之",
    ),
)

# Intentions that are never an action taken: a reviewer reads them as "nothing done yet".
VAGUE = words(
    (
        "will try|(?:try|do) our best|do(?:ing)? better|intend to|hope to",
        "pay(?:ing)? more attention|plan(?:ning)? (?:to|on)|(?:be |being )?more careful",
        "strengthen management",
    ),
    ("尽量|尽力|尽可能|加强管理|努力|争取|打算|多加注意|更加注意|更加小心",),
)
# Words vague only where no completed action is named in the same sentence: "improve" in "we
# replaced the boxes to improve packaging", "try to" in "we contacted every buyer to try to
# resolve the complaint" are the purpose of a real action ("will try" is vague always).
VAGUE_UNLESS_DONE = words(
    ("improve|improving|improvements?|enhance|will|shall|going to|tr(?:y|ies|ying) to",),
    ("提高|提升|改进|改善|加强|计划|注意(?!到)|将会|我们将|我司将|我们会|我司会",),
)
# An action completed: "we have …", a past tense of what sellers do to fix an account, 已.
DONE = words(
    (
        r"(?:have|has|had|ve) (?:already |now |also |just |since )*(?:been )?"
        r"(?:[a-z]+ed|done|made|taken|sent|built|set|put|paid|bought|found|held|begun|run|shut"
        r"|cut|given|written|rewritten|brought|got|kept|met|rebuilt|taught|chosen|withdrawn)",
        r"(?:re)?(?:moved|funded|placed|trained|shipped|labell?ed|wrote|built)",
        r"deleted|delisted|cancell?ed|contacted|updated|added|switched|changed|fixed|corrected",
        r"closed|stopped|suspended|hired|installed|audited|inspected|reviewed|recalled|issued",
        r"sent|created|implemented|introduced|set up|signed|terminated|disposed|destroyed",
        r"upgraded|purchased|bought|obtained|completed|finished|launched|adopted|assigned",
        r"appointed|established|configured|enabled|disabled|verified|investigated|revised",
        r"edited|took|made|began|started|discarded|quarantined|compensated|apologi[sz]ed|done",
    ),
    (
        r"(?<!而)(?<!不得)已|完成|下架|撤下|停售",
        # 了 after a verb (检查了, 更换了), not in 为了 "in order to", 除了, 了解.
        r"(?<![为除])(?<=[\u4e00-\u9fff])了(?!解)",
    ),
)
# What makes a completed-looking verb a plan or a denial when it comes before it in the same
# clause: "will be reviewed", "have not removed", 将在12月20日前完成, 尚未下架. 将 not in 将近
# "nearly", 会 not in 开会/会议/机会/会员, 准备 not in 准备了/准备好 "have prepared".
NOT_YET = words(
    (
        "will|shall|ll|(?:be )?going to|plan(?:s|ned|ning)? (?:to|on)|yet to",
        r"not(?! only)|never|[a-z]*n't",
    ),
    (r"将(?!近)|(?<![开机社])会(?![议员])|计划|准备(?![了好])|未|没",),
)
# Where a clause ends, after ``reading.norm`` (，；： are folded to , ; :).
CLAUSE_END = re.compile(r"[,;:.!?。！？\n]")


def completed(norm: str) -> bool:
    """Whether ``norm`` (``reading.norm`` text) names an action completed: a ``DONE`` match with
    no ``NOT_YET`` marker before it in its clause (since the last , ; : or sentence end). So
    "We refunded the buyers and will keep monitoring" counts, "All listings will be reviewed",
    "We have not yet removed them" and 我们将在12月20日前完成检查 do not. A marker in an attribute
    (未发货的订单已全部发出 "the unshipped orders are all shipped") is not the clause's: a 的
    after it ends its reach."""
    for clause in CLAUSE_END.split(norm):
        for done in DONE.finditer(clause):
            before = clause[: done.start()]
            if not any("的" not in before[m.end() :] for m in NOT_YET.finditer(before)):
                return True
    return False


# Who carries a measure out: a role, a named team, or "X is responsible".
OWNER = words(
    (
        r"(?:team |store |warehouse |operations |account |compliance )?"
        r"(?:manager|lead|leader|supervisor|director|officer|specialist|coordinator)s?",
        "staff|employees?|inspectors?|clerks?|operators?|ceo|founder|owner|person in charge",
        "responsible|accountable|in charge",
        r"(?!our |the |a |my |whole |entire |this )[a-z]+ (?:team|department)",
        r"qa|qc|(?:mr|ms|mrs)\.? [a-z]+",
    ),
    (
        r"负责|主管|专员|经理|组长|员工|人员|质检员|仓管员|总监|老板|店长",
        r"(?:质检|品控|物流|运营|仓库|客服|采购|合规|售后|财务)(?:团队|部门|小组)",
    ),
)
WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
UNIT = (
    r"(?:(?:business |working )?day|workday|week|month|quarter|year|hour|morning|evening|shift"
    rf"|{WEEKDAY}|weekday|weekend|order|shipment|package|parcel|batch|listing|sku|asin|product"
    r"|delivery|inbound|time|purchase|invoice|return|label|carton|box|restock|supplier)s?"
)
NUMBER = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve)"
# How often a measure runs. "Regularly" / 定期 say nothing until a period is named, so they
# are not here: "定期（每周）检查" counts through 每周.
FREQUENCY = words(
    (
        "hourly|daily|weekly|biweekly|fortnightly|monthly|quarterly|yearly|annually|whenever",
        rf"(?:every|each|per) (?:{NUMBER} |other |single |new |incoming |outgoing )?{UNIT}",
        rf"(?:once|twice|{NUMBER} times) (?:a|per|every) \w+",
        rf"{WEEKDAY}s",  # "on Wednesdays": a weekday in the plural recurs
        r"before (?:each|every|any) \w+",
    ),
    (
        r"每(?:隔)?(?:[一两二三四五六七八九十\d]+)?个?新?"
        r"(?:天|日|工作日|周|星期|月|季度|年|小时|批|单|次|笔|件|票|订单|包裹|箱|货件|listing|sku)",
        r"[一两二三\d]+(?:天|日|周|月)[一两二三\d]+次",
    ),
)
PARTY = (
    r"(?:the |our |a )?(?:buyer|customer|purchaser|carrier|courier|shipping company"
    r"|logistics (?:company|provider|partner)|post office|ups|usps|fedex|dhl|amazon"
    r"|marketplace|platform)(?:'s|s'|s)?"
)
# Blaming someone else for what the seller controls: buyers lying or abusing, carriers losing
# or delaying, the marketplace erring. Each pattern pairs a party with a fault, so "we refunded
# the buyer", "we switched to a carrier with better on-time rates", 我们已更换物流商 pass.
BLAME = words(
    (
        r"(?:buyer|customer|purchaser)s? (?:\w+ )?(?:lied|lies|lying|abused|abuses|abusing"
        r"|scammed|cheated|falsely|fraudulently|deliberately|intentionally|maliciously)",
        r"(?:buyer|customer)s? (?:filed|made|left|opened|submitted) (?:an? )?"
        r"(?:false|fake|fraudulent|malicious|unreasonable)",
        rf"(?:due to|because of|caused by|result of|blame) {PARTY} (?:\w+ )?(?:delays?|mistakes?"
        r"|errors?|fault|problems?|negligence|failures?|lateness|abuse|fraud|misjudg\w*)",
        r"(?:ups|usps|fedex|dhl|the carrier|the courier|the post office|the logistics company)"
        r" (?:lost|damaged|delayed|mishandled|failed|was late|were late|did not|didn't)",
        # The marketplace named with a fault ("platform error", "Amazon's mistake") or as the
        # one who did wrong ("Amazon wrongly suspended"), not as a place: "we set up the
        # template on the platform incorrectly" is the seller's own error.
        r"(?:amazon|the marketplace|marketplace|the platform|platform)(?:'s)? (?:mistakes?|errors?"
        r"|fault|misjudg\w*)",
        r"(?:amazon|the marketplace|marketplace|the platform|platform) (?:wrongly|incorrectly"
        r"|mistakenly|unfairly) (?:[a-z]+ed|took|made|gave|sent|put|shut|held|hit)",
        r"not our fault|no fault of ours|(?:is|was|are|were) not (?:our|my) "
        r"(?:fault|responsibility)|beyond our control|out of our control",
    ),
    (
        r"(?:买家|顾客|客户|消费者)的?(?:恶意|故意|撒谎|说谎|欺诈|诈骗|滥用|的错|过错)",
        r"恶意(?:差评|退货|投诉|索赔|下单)",
        r"(?:物流商|物流公司|快递公司|承运商|货代|快递|物流)的?"
        r"(?:原因|延误|问题|错误|失误|丢件|丢失|责任|弄丢|损坏)",
        r"(?:平台|亚马逊|amazon)的?(?:误判|错误|的错|失误|责任)",
        r"(?:不是|并非|非)(?:我们|我方|我司|本店)的?(?:责任|错|过错|问题)|与我(?:们|方|司)无关",
    ),
)
# "If the carrier loses a parcel, we reship": a contingency in a plan, not blame.
CONDITION = re.compile(
    r"(?:(?<![a-z])(?:if|when|whenever|in case|should|unless)\s+(?:the\s+|a\s+|our\s+)?"
    r"|(?:如果|若|一旦|万一|假如)\s*)$"
)


# The seller's own logistics: 我司自发货的物流延误, 我们自己安排的物流 are not someone else's.
OWN = re.compile(r"(?:我司|我们|我方|本店|自己|自发货)(?:[^,;:.!?。！？]{0,6}的)?$")


def blames(text: str) -> bool:
    norm = reading.norm(text)
    return any(
        not CONDITION.search(norm[: m.start()]) and not OWN.search(norm[: m.start()])
        for m in BLAME.finditer(norm)
    )
