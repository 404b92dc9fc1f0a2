/*
 * rules.c - the default rules with their sources (see rules.h), and the
 * reading of rule values.
 *
 * Not here: the overrides of an installation and their audit (store/
 * rules-store.c, ops/rules.c); what the rules are used for (ops/).
 * docs/rules.md must list every key of this table; t0850-rules checks it.
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "model/codes.h"
#include "model/rules.h"

#define CONSTITUTION_ART30 \
	"Party Constitution art. 30, 2012 text (grassroots committees 3-5 years, " \
	"general branch and branch committees 2 or 3 years): the longest term allowed"
#define TERMS_2018 "Opinions on the Terms of Grassroots Party Organizations (2018), point 1"
#define BRANCH_REGS "Regulations on the Work of Party Branches (2018)"
#define DEV_RULES "Detailed Rules for the Development of Party Members (2014)"
#define DEV_RULES_ZH "《中国共产党发展党员工作细则》（2014年）"
#define DISCIPLINE_REGS "Regulations on Disciplinary Action (2023 text)"
#define DISCIPLINE_REGS_ZH "《中国共产党纪律处分条例》（2023年修订）"
#define PARTY_GROUP_REGS "Regulations on the Work of Leading Party Groups (2019)"
#define CONSTITUTION_ART30_ZH \
	"《中国共产党章程》第三十条（2012年文本：党的基层委员会每届任期三年至五年，" \
	"总支部委员会、支部委员会每届任期两年或三年），取所允许的最长任期"
#define TERMS_2018_ZH "《关于党的基层组织任期的意见》（2018年）第一条"
#define BRANCH_REGS_ZH "《中国共产党支部工作条例（试行）》（2018年）"
#define PARTY_GROUP_REGS_ZH "《中国共产党党组工作条例》（2019年）"
#define BRANCH_REGS_TRIAL "Regulations on the Work of Party Branches (Trial) (2018)"
#define ELECTION_1990 "Provisional Regulations on the Election Work of Grassroots Organizations (1990)"
#define ELECTION_2020 "Regulations on the Election Work of Grassroots Organizations (2020)"
#define DUES_2008 \
	"Provisions on the Collection, Use and Management of Party Dues (2008, in force " \
	"from 2008-04-01)"
#define CADRE_2014 \
	"Regulations on the Selection and Appointment of Party and Government Leading " \
	"Cadres (2014; kept by the 2019 revision)"
#define PERSONAL_2017 \
	"Provisions on Leading Cadres Reporting Personal Matters (2017, in force from 2017-02-08)"
#define BRANCH_REGS_TRIAL_ZH "《中国共产党支部工作条例（试行）》（2018年）"
#define ELECTION_1990_ZH "《中国共产党基层组织选举工作暂行条例》（1990年）"
#define ELECTION_2020_ZH "《中国共产党基层组织选举工作条例》（2020年）"
#define DUES_2008_ZH "《关于中国共产党党费收缴、使用和管理的规定》（2008年，自2008年4月1日起施行）"
#define CADRE_2014_ZH "《党政领导干部选拔任用工作条例》（2014年；2019年修订时保留）"
#define PERSONAL_2017_ZH "《领导干部报告个人有关事项规定》（2017年，自2017年2月8日起施行）"
#define TRAINING_2015_ZH "《干部教育培训工作条例》（2015年；2023年修订时保留）"
#define TRAINING_2015 \
	"Regulations on Cadre Education and Training (2015; kept by the 2023 revision)"

const struct rule_def rule_defaults[] = {
	/* terms of the leadership bodies (届期) */
	{ RULE_TERM_COMMITTEE, "5", "years", "1921-07-01", CONSTITUTION_ART30, CONSTITUTION_ART30_ZH },
	{ RULE_TERM_COMMITTEE, "5", "years", "2018-07-12", TERMS_2018, TERMS_2018_ZH },
	{ RULE_TERM_BRANCH, "3", "years", "1921-07-01", CONSTITUTION_ART30, CONSTITUTION_ART30_ZH },
	{ RULE_TERM_BRANCH, "3", "years", "2018-07-12", TERMS_2018, TERMS_2018_ZH },
	{ RULE_TERM_VILLAGE_COMMUNITY, "3", "years", "1921-07-01", CONSTITUTION_ART30, CONSTITUTION_ART30_ZH },
	{ RULE_TERM_VILLAGE_COMMUNITY, "5", "years", "2018-07-12", TERMS_2018, TERMS_2018_ZH },
	/* the 50-year medal */
	{ RULE_MEDAL_PARTY_YEARS, "50", "years", "2021-01-01",
	  "Measures for Awarding the Medal \"Glory in the Party for 50 Years\" (2021); "
	  "party age from conversion to full membership, Party Constitution art. 7",
	  "《“光荣在党50年”纪念章颁发办法》（2021年）；党龄自转为正式党员之日算起，"
	  "《中国共产党章程》第七条" },
	/* where members' formal relationship is held */
	{ RULE_MEMBER_KINDS, "committee,working_committee,general_branch,branch", "kinds",
	  "1921-07-01",
	  "Party Constitution art. 8 and ch. 5; " PARTY_GROUP_REGS
	  " (a leading party group is not a grassroots organization); " BRANCH_REGS
	  " (a temporary organization's members keep their formal branch)",
	  "《中国共产党章程》第八条及第五章；" PARTY_GROUP_REGS_ZH "（党组不是党的基层组织）；"
	  BRANCH_REGS_ZH "（临时党组织成员的正式组织关系保留在原党支部）" },
	/* the probationary period of a new member (预备期) */
	{ RULE_PROBATION_YEARS, "1", "years", "1921-07-01",
	  "Party Constitution art. 7 (the probationary period of a probationary member is one year)",
	  "《中国共产党章程》第七条（预备党员的预备期为一年）" },
	/* findings */
	{ RULE_CONVERSION_DUE_DAYS, "30", "days", "2014-06-10",
	  "Detailed Rules for the Development of Party Members (2014), art. 31 (when the "
	  "probation ends the branch discusses the conversion promptly): the days before the "
	  "end in which the conversion is shown as coming due",
	  "《中国共产党发展党员工作细则》（2014年）第三十一条（预备期满，党支部应当及时讨论其能否转为正式党员）：预备期满前多少天起提示转正" },
	/* which kind may sit under which */
	{ RULE_LEVEL_ORDER, "yes", "flag", "1921-07-01",
	  "Party Constitution art. 10 and chs. 3-5 (a local committee sits under a "
	  "committee of a higher level)",
	  "《中国共产党章程》第十条及第三至五章（地方委员会隶属于上一级委员会）" },
	{ RULE_PARENTS_PREFIX "committee", "committee,working_committee", "kinds",
	  "1921-07-01", "Party Constitution chs. 4-5 (arts. 27-32)",
	  "《中国共产党章程》第四、五章（第二十七至三十二条）" },
	{ RULE_PARENTS_PREFIX "working_committee", "committee,working_committee", "kinds",
	  "1921-07-01", "Party Constitution art. 29 (bodies dispatched by a committee)",
	  "《中国共产党章程》第二十九条（党委派出的代表机关）" },
	{ RULE_PARENTS_PREFIX "leading_group", "committee", "kinds", "1921-07-01",
	  PARTY_GROUP_REGS " (set up with the approval of a committee; not part of "
	  "the grassroots tree, so nothing sits under it)",
	  PARTY_GROUP_REGS_ZH "（经党委批准设立；不属于基层组织体系，其下不设组织）" },
	{ RULE_PARENTS_PREFIX "general_branch", "committee,working_committee", "kinds",
	  "1921-07-01", "Party Constitution art. 30; " BRANCH_REGS,
	  "《中国共产党章程》第三十条；" BRANCH_REGS_ZH },
	{ RULE_PARENTS_PREFIX "branch", "committee,working_committee,general_branch",
	  "kinds", "1921-07-01", BRANCH_REGS " (a branch sits under a committee or a general branch)",
	  BRANCH_REGS_ZH "（党支部隶属于党的基层委员会或总支部委员会）" },
	{ RULE_PARENTS_PREFIX "party_group", "branch", "kinds", "1921-07-01",
	  BRANCH_REGS " (party groups divide a branch)",
	  BRANCH_REGS_ZH "（党支部内划分党小组）" },
	{ RULE_PARENTS_PREFIX "temporary", "committee,working_committee,general_branch,branch",
	  "kinds", "1921-07-01",
	  BRANCH_REGS " (set up by the organization that organizes the project or work)",
	  BRANCH_REGS_ZH "（由组织项目或工作的党组织设立）" },
	/* branch set-up and its committee */
	{ RULE_BRANCH_MIN_FULL, "3", "count", "2018-01-01",
	  BRANCH_REGS_TRIAL ", ch. 2 (a unit with 3 or more full members sets up a branch)",
	  BRANCH_REGS_TRIAL_ZH "第二章（有正式党员3人以上的单位应当成立党支部）" },
	{ RULE_BRANCH_USUAL_MAX, "50", "count", "2018-01-01",
	  BRANCH_REGS_TRIAL ", ch. 2 (a branch usually has no more than 50 members)",
	  BRANCH_REGS_TRIAL_ZH "第二章（党支部党员人数一般不超过50人）" },
	{ RULE_JOINT_BRANCH_MAX_UNITS, "5", "count", "2018-01-01",
	  BRANCH_REGS_TRIAL ", ch. 2 (units with fewer than 3 full members form a joint "
	  "branch, usually of no more than 5 units)",
	  BRANCH_REGS_TRIAL_ZH "第二章（正式党员不足3人的单位成立联合党支部，一般不超过5个单位）" },
	{ RULE_TEMPORARY_WORK_MONTHS, "6", "months", "2018-01-01",
	  BRANCH_REGS_TRIAL ", ch. 2 (a project or work lasting 6 months or more sets up a "
	  "branch when the conditions are met)",
	  BRANCH_REGS_TRIAL_ZH "第二章（工作项目或任务持续6个月以上的，具备条件的应当成立党支部）" },
	{ RULE_COMMITTEE_MIN_FULL, "7", "count", "2018-01-01",
	  BRANCH_REGS_TRIAL ", ch. 6 (a branch with 7 or more full members sets up a branch "
	  "committee; fewer: a secretary and, if needed, a deputy)",
	  BRANCH_REGS_TRIAL_ZH "第六章（正式党员7人以上的党支部设立支部委员会；不足7人的设书记1名，必要时设副书记）" },
	{ RULE_COMMITTEE_MIN_SIZE, "3", "count", "2018-01-01",
	  BRANCH_REGS_TRIAL ", ch. 6 (a branch committee has 3 to 5 members)",
	  BRANCH_REGS_TRIAL_ZH "第六章（支部委员会由3至5人组成）" },
	{ RULE_COMMITTEE_USUAL_SIZE, "5", "count", "2018-01-01",
	  BRANCH_REGS_TRIAL ", ch. 6 (a branch committee has 3 to 5 members)",
	  BRANCH_REGS_TRIAL_ZH "第六章（支部委员会由3至5人组成）" },
	{ RULE_COMMITTEE_MAX_SIZE, "7", "count", "2018-01-01",
	  BRANCH_REGS_TRIAL ", ch. 6 (a branch committee usually has no more than 7 members)",
	  BRANCH_REGS_TRIAL_ZH "第六章（支部委员会一般不超过7人）" },
	/* terms brought forward or extended */
	{ RULE_TERM_SHIFT_MAX, "1", "years", "1990-01-01",
	  ELECTION_1990 ", art. 3 (an extension, approved by the higher organization, usually "
	  "no longer than one year)",
	  ELECTION_1990_ZH "第三条（经上级党组织批准，可以延期，延长期限一般不超过一年）" },
	{ RULE_TERM_SHIFT_MAX, "1", "years", "2020-07-13",
	  ELECTION_2020 ", art. 3 (an extension or an early election, approved by the higher "
	  "organization, usually by no more than 1 year)",
	  ELECTION_2020_ZH "第三条（经上级党组织批准，可以提前或延期换届，一般不超过1年）" },
	/* elections */
	{ RULE_DIFFERENTIAL_PERMILLE, "200", "permille", "1990-01-01",
	  ELECTION_1990 " (candidates exceed the seats by at least 20 %)",
	  ELECTION_1990_ZH "（候选人数应多于应选人数的20%）" },
	{ RULE_DIFFERENTIAL_PERMILLE, "200", "permille", "2020-07-13",
	  ELECTION_2020 " (candidates exceed the seats by at least 20 %)",
	  ELECTION_2020_ZH "（候选人数应多于应选人数的20%）" },
	/* organizational life (组织生活) */
	{ RULE_LIFE_BRANCH_MEETING, "3", "months", "2018-01-01",
	  BRANCH_REGS_TRIAL " (the branch general meeting usually meets once a quarter)",
	  BRANCH_REGS_TRIAL_ZH "（支部党员大会一般每季度召开1次）" },
	{ RULE_LIFE_COMMITTEE_MEETING, "1", "months", "2018-01-01",
	  BRANCH_REGS_TRIAL ", art. 12 (the branch committee usually meets once a month)",
	  BRANCH_REGS_TRIAL_ZH "第十二条（支部委员会会议一般每月召开1次）" },
	{ RULE_LIFE_GROUP_MEETING, "1", "months", "2018-01-01",
	  BRANCH_REGS_TRIAL ", art. 13 (a party group usually meets once a month)",
	  BRANCH_REGS_TRIAL_ZH "第十三条（党小组会一般每月召开1次）" },
	{ RULE_LIFE_PARTY_LESSON, "3", "months", "2018-01-01",
	  BRANCH_REGS_TRIAL " and local practice (a party lesson each quarter; the secretary "
	  "gives at least one a year)",
	  BRANCH_REGS_TRIAL_ZH "及地方做法（党课一般每季度1次；党支部书记每年至少讲1次）" },
	{ RULE_LIFE_THEME_DAY, "1", "months", "2018-01-01",
	  BRANCH_REGS_TRIAL " (one fixed day a month for the theme party day)",
	  BRANCH_REGS_TRIAL_ZH "（每月相对固定1天开展主题党日）" },
	{ RULE_LIFE_ORG_LIFE_MEETING, "12", "months", "2018-01-01",
	  BRANCH_REGS_TRIAL " (an organizational life meeting at least once a year)",
	  BRANCH_REGS_TRIAL_ZH "（组织生活会一般每年召开1次）" },
	{ RULE_LIFE_APPRAISAL, "12", "months", "2018-01-01",
	  BRANCH_REGS_TRIAL " (a democratic appraisal of members once a year)",
	  BRANCH_REGS_TRIAL_ZH "（每年开展1次民主评议党员）" },
	{ RULE_LIFE_EXCELLENT_MAX, "333", "permille", "1921-07-01",
	  "Practice of the democratic appraisal of members (at most one third graded excellent)",
	  "民主评议党员的通行做法（评为优秀的一般不超过三分之一）" },
	/* membership lapsed (自行脱党) */
	{ RULE_SELF_WITHDRAWAL_MONTHS, "6", "months", "1921-07-01",
	  "Party Constitution art. 9 (six months in a row without good reason without "
	  "organizational life, dues or the work assigned: treated as self-withdrawal, "
	  "for the branch to decide)",
	  "《中国共产党章程》第九条（连续六个月不参加党的组织生活、不交纳党费或不做党所分配的工作，又没有正当理由的，就被认为是自行脱党，由支部大会决定）" },
	/* party dues (党费), monthly, in fen and thousandths */
	{ RULE_DUES_SALARIED_BOUND_1, "300000", "fen", "2008-04-01",
	  DUES_2008 " (monthly after-tax pay up to 3000 yuan: rate 1)",
	  DUES_2008_ZH "（每月税后工资收入3000元以下（含）：第一档费率）" },
	{ RULE_DUES_SALARIED_BOUND_2, "500000", "fen", "2008-04-01",
	  DUES_2008 " (above 3000 up to 5000 yuan: rate 2)",
	  DUES_2008_ZH "（3000元以上至5000元（含）：第二档费率）" },
	{ RULE_DUES_SALARIED_BOUND_3, "1000000", "fen", "2008-04-01",
	  DUES_2008 " (above 5000 up to 10000 yuan: rate 3; above: rate 4)",
	  DUES_2008_ZH "（5000元以上至10000元（含）：第三档费率；10000元以上：第四档）" },
	{ RULE_DUES_SALARIED_RATE_1, "5", "permille", "2008-04-01", DUES_2008 " (0.5 %)",
	  DUES_2008_ZH "（0.5%）" },
	{ RULE_DUES_SALARIED_RATE_2, "10", "permille", "2008-04-01", DUES_2008 " (1 %)",
	  DUES_2008_ZH "（1%）" },
	{ RULE_DUES_SALARIED_RATE_3, "15", "permille", "2008-04-01", DUES_2008 " (1.5 %)",
	  DUES_2008_ZH "（1.5%）" },
	{ RULE_DUES_SALARIED_RATE_4, "20", "permille", "2008-04-01", DUES_2008 " (2 %)",
	  DUES_2008_ZH "（2%）" },
	{ RULE_DUES_RETIRED_BOUND_1, "500000", "fen", "2008-04-01",
	  DUES_2008 " (monthly pension up to 5000 yuan: rate 1; above: rate 2)",
	  DUES_2008_ZH "（离退休费5000元以下（含）：第一档费率；以上：第二档）" },
	{ RULE_DUES_RETIRED_RATE_1, "5", "permille", "2008-04-01", DUES_2008 " (0.5 %)",
	  DUES_2008_ZH "（0.5%）" },
	{ RULE_DUES_RETIRED_RATE_2, "10", "permille", "2008-04-01", DUES_2008 " (1 %)",
	  DUES_2008_ZH "（1%）" },
	{ RULE_DUES_FIXED_FEN, "20", "fen", "2008-04-01",
	  DUES_2008 " (students, the unemployed, members living on relief or the local "
	  "minimum living allowance: 0.2 yuan a month)",
	  DUES_2008_ZH "（学生、下岗失业、依靠抚恤或救济生活、领取当地最低生活保障金的党员，每月交纳党费0.2元）" },
	{ RULE_DUES_FARMER_MIN_FEN, "20", "fen", "2008-04-01",
	  DUES_2008 " (farmers: 0.2 to 1 yuan a month)",
	  DUES_2008_ZH "（农民党员每月交纳党费0.2元至1元）" },
	{ RULE_DUES_FARMER_MAX_FEN, "100", "fen", "2008-04-01",
	  DUES_2008 " (farmers: 0.2 to 1 yuan a month)",
	  DUES_2008_ZH "（农民党员每月交纳党费0.2元至1元）" },
	{ RULE_DUES_REVIEW_MONTHS, "12", "months", "2008-04-01",
	  "Practice under the " DUES_2008 " (the income on which a member's dues are "
	  "reckoned is reviewed once a year)",
	  "依据" DUES_2008_ZH "的通行做法（党员交纳党费的收入基数每年核定一次）" },
	{ RULE_DUES_ARREARS_NOTICE_MONTHS, "3", "months", "2008-04-01",
	  "Practice of the branches (a member three months in a row without dues is "
	  "reminded and talked with, before the six months of Party Constitution art. 9)",
	  "党支部的通行做法（连续三个月未交纳党费的党员，及时提醒谈话，早于党章第九条规定的六个月）" },
	/* transfers of the organizational relationship */
	{ RULE_TRANSFER_LETTER_MONTHS, "3", "months", "1921-07-01",
	  "Practice of the organization departments (an introduction letter is valid for "
	  "3 months)",
	  "组织部门的通行做法（组织关系介绍信有效期一般为3个月）" },
	{ RULE_TRANSFER_FORMAL_MONTHS, "6", "months", "1921-07-01",
	  "Practice of the organization departments (a member away for 6 months or more "
	  "transfers the formal relationship)",
	  "组织部门的通行做法（外出6个月以上的党员，应转移正式组织关系）" },
	/* cadres */
	{ RULE_CADRE_NOTICE_WORKDAYS, "5", "workdays", "2014-01-01",
	  CADRE_2014 ", art. 41 (the pre-appointment public notice lasts at least 5 working days)",
	  CADRE_2014_ZH "第四十一条（任职前公示期不少于5个工作日）" },
	{ RULE_CADRE_PROBATION_YEARS, "1", "years", "2014-01-01",
	  CADRE_2014 ", art. 42 (the probation of an appointment is one year)",
	  CADRE_2014_ZH "第四十二条（试用期为一年）" },
	{ RULE_CADRE_DEPUTY_TO_PRINCIPAL, "2", "years", "2014-01-01",
	  CADRE_2014 ", art. 8 (from deputy to principal: 2 years or more as deputy)",
	  CADRE_2014_ZH "第八条（由副职提任正职的，应当在副职岗位工作两年以上）" },
	{ RULE_CADRE_PRINCIPAL_TO_UPPER, "3", "years", "2014-01-01",
	  CADRE_2014 ", art. 8 (from a lower principal post to an upper deputy post: 3 years "
	  "or more in the lower principal post)",
	  CADRE_2014_ZH "第八条（由下级正职提任上级副职的，应当在下级正职岗位工作三年以上）" },
	{ RULE_CADRE_REPORT_DUE, "01-31", "monthday", "2017-02-08",
	  PERSONAL_2017 ", art. 5 (the yearly report of the previous year by 31 January)",
	  PERSONAL_2017_ZH "第五条（每年1月31日前集中报告上一年度个人有关事项）" },
	{ RULE_CADRE_REPORT_CHECK, "100", "permille", "2017-02-08",
	  PERSONAL_2017 " (random spot checks of 10 % of the reports each year)",
	  PERSONAL_2017_ZH "（每年按10%的比例随机抽查核实）" },
	{ RULE_CADRE_TRAINING_LEADER, "550", "hours", "2015-01-01",
	  TRAINING_2015 " (county level and above: 3 months or 550 class hours per 5 years)",
	  TRAINING_2015_ZH "（县处级以上领导干部每5年参加脱产培训累计3个月或550学时以上）" },
	{ RULE_CADRE_TRAINING_OTHER, "90", "hours", "2015-01-01",
	  TRAINING_2015 " (other cadres: 12 days or 90 class hours a year)",
	  TRAINING_2015_ZH "（其他干部每年参加脱产培训累计12天或90学时以上）" },
	/* development procedure (发展党员工作) */
	{ RULE_DEV_MIN_AGE, "18", "years", "1921-07-01",
	  "Party Constitution art. 1 (aged eighteen or above); " DEV_RULES " art. 5",
	  "《中国共产党章程》第一条（年满十八岁）；" DEV_RULES_ZH "第五条" },
	{ RULE_DEV_FOUNDING_DATE, "1921-07-01", "date", "1921-07-01",
	  "the founding of the Party (First National Congress, 1921): nobody is admitted before it",
	  "中国共产党成立（1921年第一次全国代表大会）：此前不能入党" },
	{ RULE_DEV_TALK_MONTHS, "1", "months", "2014-06-10",
	  DEV_RULES " art. 7 (a talk with the applicant within one month of the application)",
	  DEV_RULES_ZH "第七条（党组织应当在收到入党申请书后一个月内派人同入党申请人谈话）" },
	{ RULE_DEV_CONTACTS, "2", "count", "2014-06-10",
	  DEV_RULES " ch. 3 (one or two full members as cultivation contacts of an activist)",
	  DEV_RULES_ZH "第三章（党组织应当指定一至两名正式党员作入党积极分子的培养联系人）" },
	{ RULE_DEV_CULTIVATION_YEARS, "0", "years", "1921-07-01",
	  "before the 2014 Detailed Rules no minimum time of cultivation applied",
	  "2014年《细则》之前，无培养考察期限的要求" },
	{ RULE_DEV_CULTIVATION_YEARS, "1", "years", "2014-06-10",
	  DEV_RULES " art. 13 (an activist becomes a development target after more than "
	  "one year of cultivation and assessment)",
	  DEV_RULES_ZH "第十三条（对经过一年以上培养教育和考察的入党积极分子，可列为发展对象）" },
	{ RULE_DEV_TRAINING_DAYS, "3", "days", "2014-06-10",
	  DEV_RULES " art. 16 (concentrated training of at least three days, or 24 class hours)",
	  DEV_RULES_ZH "第十六条（集中培训时间一般不少于3天或不少于24个学时）" },
	{ RULE_DEV_TRAINING_HOURS, "24", "hours", "2014-06-10",
	  DEV_RULES " art. 16 (concentrated training of at least three days, or 24 class hours)",
	  DEV_RULES_ZH "第十六条（集中培训时间一般不少于3天或不少于24个学时）" },
	{ RULE_DEV_SPONSORS, "2", "count", "1921-07-01",
	  "Party Constitution art. 5; " DEV_RULES " art. 14 (two full members as sponsors)",
	  "《中国共产党章程》第五条；" DEV_RULES_ZH "第十四条（有两名正式党员作入党介绍人）" },
	{ RULE_DEV_PUBLICITY_WORKDAYS, "5", "workdays", "2014-06-10",
	  DEV_RULES " ch. 4 (publicity of the development target before the branch vote; "
	  "five working days in the organization departments' practice)",
	  DEV_RULES_ZH "第四章（支部大会讨论前对发展对象进行公示；组织部门通行做法为5个工作日）" },
	{ RULE_DEV_QUORUM_PERMILLE, "500", "permille", "2014-06-10",
	  DEV_RULES " ch. 5 (more than half of the members with a vote present at the "
	  "branch general meeting)",
	  DEV_RULES_ZH "第五章（支部大会有表决权的到会人数须超过应到会人数的半数）" },
	{ RULE_DEV_MAJORITY_PERMILLE, "500", "permille", "2014-06-10",
	  DEV_RULES " ch. 5 (more than half of the full members with a vote in favour)",
	  DEV_RULES_ZH "第五章（赞成人数超过应到会有表决权的正式党员的半数，才能通过）" },
	{ RULE_DEV_APPROVAL_MONTHS, "3", "months", "2014-06-10",
	  DEV_RULES " ch. 5 (the higher committee approves within three months of the vote)",
	  DEV_RULES_ZH "第五章（上级党委应当在支部大会通过后三个月内审批）" },
	{ RULE_DEV_APPROVAL_MONTHS_SPECIAL, "6", "months", "2014-06-10",
	  DEV_RULES " ch. 5 (in special cases the approval may take longer, not more than six months)",
	  DEV_RULES_ZH "第五章（遇有特殊情况可适当延长审批时间，但不得超过六个月）" },
	{ RULE_DEV_EXTENSION_MIN_MONTHS, "6", "months", "2014-06-10",
	  "Party Constitution art. 7; " DEV_RULES " ch. 6 (an extension of probation, "
	  "once, of at least six months)",
	  "《中国共产党章程》第七条；" DEV_RULES_ZH "第六章（延长预备期，只能一次，最短不少于半年）" },
	{ RULE_DEV_EXTENSION_MAX_MONTHS, "12", "months", "1921-07-01",
	  "Party Constitution art. 7 (probation may be extended once, by at most one year)",
	  "《中国共产党章程》第七条（可以延长一次预备期，延长时间不能超过一年）" },
	{ RULE_DEV_CONVERSION_APPROVAL_MONTHS, "3", "months", "2014-06-10",
	  DEV_RULES " ch. 6 (the higher committee approves a conversion within three months)",
	  DEV_RULES_ZH "第六章（上级党委应当在三个月内审批预备党员转正）" },
	/* standing and discipline (ops/standing-ops.h) */
	{ RULE_DISCIPLINE_PROBATION_MIN, "1", "years", "1921-07-01",
	  DISCIPLINE_REGS " art. 12 (probation within the party is of one or two years)",
	  DISCIPLINE_REGS_ZH "第十二条（留党察看分为留党察看一年、留党察看二年）" },
	{ RULE_DISCIPLINE_PROBATION_MAX, "2", "years", "1921-07-01",
	  DISCIPLINE_REGS " art. 12 (probation within the party is of one or two years)",
	  DISCIPLINE_REGS_ZH "第十二条（留党察看分为留党察看一年、留党察看二年）" },
	{ RULE_DISCIPLINE_WARNING_MONTHS, "12", "months", "1921-07-01",
	  DISCIPLINE_REGS " art. 10 (within one year of a warning no promotion in the party)",
	  DISCIPLINE_REGS_ZH "第十条（受到警告处分一年内，不得在党内提升职务）" },
	{ RULE_DISCIPLINE_SERIOUS_WARNING_MONTHS, "18", "months", "1921-07-01",
	  DISCIPLINE_REGS " art. 10 (within a year and a half of a serious warning no "
	  "promotion in the party)",
	  DISCIPLINE_REGS_ZH "第十条（受到严重警告处分一年半内，不得在党内提升职务）" },
	{ RULE_DISCIPLINE_REMOVAL_MONTHS, "24", "months", "1921-07-01",
	  DISCIPLINE_REGS " art. 11 (within two years of the removal from party post no "
	  "post equal to or above the one removed from)",
	  DISCIPLINE_REGS_ZH "第十一条（受到撤销党内职务处分的，二年内不得在党内担任和向党外组织推荐担任与其原任职务相当或者高于其原任职务的职务）" },
	{ RULE_STANDING_LOST_CONTACT_MONTHS, "6", "months", "1921-07-01",
	  "Organization Department, handling of members who lost contact with the party "
	  "organization (失联党员): contact lost for six months or more",
	  "组织部门关于失联党员的处置（与党组织失去联系六个月以上）" },
};
const size_t nr_rule_defaults = sizeof(rule_defaults) / sizeof(rule_defaults[0]);

const char *rules_source_zh(const char *key, const char *source)
{
	for (size_t i = 0; key && source && i < nr_rule_defaults; i++)
		if (!strcmp(rule_defaults[i].key, key) && source[0] &&
		    !strncmp(rule_defaults[i].source, source, strlen(source)))
			return rule_defaults[i].source_zh;
	return NULL;
}

const struct rule_def *rules_find(const char *key)
{
	for (size_t i = 0; i < nr_rule_defaults; i++)
		if (!strcmp(rule_defaults[i].key, key))
			return &rule_defaults[i];
	return NULL;
}

const struct rule_def *rules_default(const char *key, int day)
{
	const struct rule_def *best = NULL;
	int best_from = 0;

	for (size_t i = 0; i < nr_rule_defaults; i++) {
		const struct rule_def *r = &rule_defaults[i];
		int from;
		if (strcmp(r->key, key) || date_parse(r->applies_from, &from) || from > day)
			continue;
		if (!best || from >= best_from) {
			best = r;
			best_from = from;
		}
	}
	return best;
}

int rules_int(const char *value)
{
	char *end;
	long v;

	if (!value || value[0] < '0' || value[0] > '9' || strlen(value) > 2)
		return -1;
	v = strtol(value, &end, 10);
	return *end ? -1 : (int)v;
}

static const struct {
	const char *unit;
	long max;
} number_units[] = {
	{ "years", 99 }, { "months", 9999 }, { "days", 9999 }, { "workdays", 9999 },
	{ "hours", 9999 }, { "count", 9999 }, { "fen", 99999999 }, { "permille", 1000 },
};

static long unit_max(const char *unit)
{
	for (size_t i = 0; i < sizeof(number_units) / sizeof(number_units[0]); i++)
		if (!strcmp(number_units[i].unit, unit))
			return number_units[i].max;
	return -1;
}

int rules_unit_is_number(const char *unit)
{
	return unit_max(unit) >= 0;
}

long rules_number(const char *unit, const char *value)
{
	long max = unit_max(unit), v = 0;

	if (max < 0 || !value || !*value || strlen(value) > 9)
		return -1;
	for (const char *c = value; *c; c++) {
		if (*c < '0' || *c > '9')
			return -1;
		v = v * 10 + (*c - '0');
	}
	return v <= max ? v : -1;
}

int rules_monthday(const char *value, int *month, int *mday)
{
	static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int m, d;

	if (!value || strlen(value) != 5 || value[2] != '-')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (value[i] < '0' || value[i] > '9'))
			return -1;
	m = (value[0] - '0') * 10 + (value[1] - '0');
	d = (value[3] - '0') * 10 + (value[4] - '0');
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return -1;
	*month = m;
	*mday = d;
	return 0;
}

/* Calls fn on each item of a comma-separated list; stops at a non-zero answer. */
static int each_kind(const char *list, int (*fn)(const char *item, size_t n, void *ctx),
		     void *ctx)
{
	const char *p = list;

	while (*p) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		int r = fn(p, n, ctx);
		if (r)
			return r;
		if (!c)
			break;
		p = c + 1;
	}
	return 0;
}

static int is_unknown_kind(const char *item, size_t n, void *ctx)
{
	(void)ctx;
	for (size_t i = 0; i < code_org_kind.n; i++) {
		const char *k = code_org_kind.entries[i].key;
		if (strlen(k) == n && !strncmp(k, item, n))
			return 0;
	}
	return 1;
}

static int is_kind(const char *item, size_t n, void *ctx)
{
	const char *k = ctx;

	return strlen(k) == n && !strncmp(k, item, n);
}

int rules_kinds_has(const char *list, int kind)
{
	const struct code_entry *e = code_by_code(&code_org_kind, kind);

	return e && each_kind(list, is_kind, (void *)e->key);
}

int rules_check_value(const char *key, const char *value, struct error *err)
{
	const struct rule_def *r = rules_find(key);

	if (!r) {
		error_setc(err, ST_NOT_FOUND, "key", "unknown_rule", "no rule '%s'", key);
		error_param(err, "key", "%.60s", key);
		return ST_NOT_FOUND;
	}
	if (strlen(value) >= RULE_VALUE_SIZE) {
		error_setc(err, ST_INVALID, "value", "too_long_bytes",
			   "the value of rule %s is longer than %d bytes", key, RULE_VALUE_SIZE - 1);
		error_param(err, "max", "%d", RULE_VALUE_SIZE - 1);
		return ST_INVALID;
	}
	if (rules_unit_is_number(r->unit) && rules_number(r->unit, value) < 0) {
		long max = unit_max(r->unit);
		error_setc(err, ST_INVALID, "value", "out_of_range",
			   "rule %s takes a whole number of %s (0-%ld)", key, r->unit, max);
		error_param(err, "min", "0");
		error_param(err, "max", "%ld", max);
		return ST_INVALID;
	}
	if (!strcmp(r->unit, "date")) {
		int day;
		if (strlen(value) != 10 || date_parse(value, &day))
			return error_setc(err, ST_INVALID, "value", "invalid_date",
					  "rule %s takes a date YYYY-MM-DD", key);
	}
	if (!strcmp(r->unit, "monthday")) {
		int m, d;
		if (rules_monthday(value, &m, &d))
			return error_setc(err, ST_INVALID, "value", "rule_value_monthday",
					  "rule %s takes a day of the year MM-DD", key);
	}
	if (!strcmp(r->unit, "flag") && strcmp(value, "yes") && strcmp(value, "no"))
		return error_setc(err, ST_INVALID, "value", "rule_value_flag",
				  "rule %s takes yes or no", key);
	if (!strcmp(r->unit, "kinds") &&
	    (value[0] == ',' || (value[0] && value[strlen(value) - 1] == ',') ||
	     each_kind(value, is_unknown_kind, NULL)))
		return error_setc(err, ST_INVALID, "value", "rule_value_kinds",
				 "rule %s takes organization kinds separated by commas "
				 "(committee, working_committee, leading_group, general_branch, "
				 "branch, party_group, temporary)", key);
	return ST_OK;
}

const char *rules_term_key(int kind, int sector)
{
	switch (kind) {
	case ORG_COMMITTEE:
		return RULE_TERM_COMMITTEE;
	case ORG_GENERAL_BRANCH:
	case ORG_BRANCH:
		return sector == SECTOR_RURAL || sector == SECTOR_COMMUNITY
			       ? RULE_TERM_VILLAGE_COMMUNITY : RULE_TERM_BRANCH;
	default:
		return NULL;
	}
}
