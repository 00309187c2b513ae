// Definitions for the tests of the definition language: one small valid definition
// that uses every part of the language (the validator's tests break one thing in a
// fresh copy of it), and one definition per campaign type, modelled on the seeds,
// that the model-based tests use until the real definitions/*.json are written.
import type { CampaignDefinitionInput } from '../../definitions/language/schema.js';

const t = (zh: string, en: string) => ({ zh, en });

/**
 * A small definition that passes validation and uses every section: two levels,
 * three phases (the last one reviewed), a leading group, tasks, indicators,
 * reports of every cadence, supervision, a rectification checklist and a risk list.
 * Each call returns a fresh object, so a test may change it freely.
 */
export function validDefinition(): CampaignDefinitionInput {
  return {
    id: 'mini-campaign',
    kind: 'special-rectification',
    title: t('小型专项整治', 'Small special rectification'),
    description: t('测试用定义', 'A definition for tests'),
    levels: { participating: ['county', 'township'], launchedBy: 'county' },
    dayCount: 'calendar',
    units: [
      { id: 'amr', title: t('市场监管局', 'Market regulation bureau') },
      { id: 'police', title: t('公安局', 'Public security bureau') },
    ],
    phases: [
      {
        id: 'mobilization',
        title: t('动员部署', 'Mobilization'),
        window: { start: '2024-02-01', end: '2024-02-29' },
        exit: [{ kind: 'leading-group-formed' }, { kind: 'report-filed', report: 'plan' }],
      },
      {
        id: 'rectification',
        title: t('集中整治', 'Concentrated rectification'),
        window: { start: '2024-03-01', end: '2024-06-30' },
        exit: [{ kind: 'tasks-done' }, { kind: 'indicator-met', indicator: 'letters' }],
      },
      {
        id: 'acceptance',
        title: t('总结验收', 'Summary and acceptance'),
        window: { start: '2024-07-01', end: '2024-08-31' },
        exit: [{ kind: 'children-past', phase: 'rectification' }],
        review: { title: t('抽查验收', 'Spot-check'), returnTo: 'rectification', maxRounds: 2 },
      },
    ],
    final: { id: 'closed', title: t('结束', 'Closed') },
    leadingGroup: {
      title: t('领导小组', 'Leading group'),
      roles: [
        { id: 'leader', title: t('组长', 'Leader'), min: 1, max: 1 },
        { id: 'liaison', title: t('联络员', 'Liaison'), min: 1, max: 1, per: 'member-unit' },
      ],
      memberUnits: ['amr', 'police'],
      office: { title: t('办公室', 'Office'), hostUnit: 'amr', directorRole: 'leader' },
    },
    taskGroups: [{ id: 'coordination', title: t('综合协调组', 'Coordination group'), lead: 'amr', members: ['police'], duties: [t('协调', 'Coordinate')] }],
    tasks: [
      { id: 'inspect-pharmacies', title: t('检查药店', 'Inspect pharmacies'), phase: 'rectification', leadUnit: 'amr', cooperatingUnits: ['police'] },
      { id: 'county-plan', title: t('县级方案', 'County plan'), phase: 'mobilization', leadUnit: 'amr', levels: ['county'] },
    ],
    indicators: [
      {
        kind: 'ratio',
        id: 'letters',
        title: t('责任书签订率', 'Responsibility letters signed'),
        numerator: t('已签订', 'signed'),
        denominator: t('应签订', 'due'),
        target: { op: '>=', percent: 95 },
        levels: ['county', 'township'],
      },
    ],
    reports: [
      { id: 'plan', title: t('实施方案', 'Implementation plan'), cadence: { kind: 'once', due: '2024-02-20' }, filedBy: ['county', 'township'], to: 'parent' },
      { id: 'monthly', title: t('月报', 'Monthly report'), cadence: { kind: 'monthly', day: 5 }, filedBy: ['township'], to: 'parent', phases: ['rectification'] },
      { id: 'progress', title: t('季度进展', 'Quarterly progress'), cadence: { kind: 'quarterly', day: 10 }, filedBy: ['county'], to: 'office' },
      { id: 'summary', title: t('工作总结', 'Work summary'), cadence: { kind: 'phase-end', phase: 'acceptance' }, filedBy: ['county', 'township'], to: 'parent' },
    ],
    supervision: {
      windows: [{ id: 'spring', title: t('春季督查', 'Spring inspection'), window: { start: '2024-04-01', end: '2024-04-30' } }],
      escalation: [
        { step: 'remind', title: t('催报', 'Urge to report'), after: { days: 1 } },
        { step: 'criticise', title: t('通报批评', 'Public criticism'), after: { days: 5 } },
        { step: 'list', title: t('挂牌督办', 'Supervised handling'), after: { days: 10 } },
      ],
    },
    rectification: {
      deadline: { days: 5 },
      scope: [{ kind: 'pharmacy', title: t('药店', 'Pharmacy'), units: [{ id: 'pharmacy-1', title: t('一号药店', 'Pharmacy 1') }] }],
      checklists: [
        {
          kind: 'pharmacy',
          items: [
            { id: 'licence', text: t('证照有效', 'Licence valid'), onOverdue: 'suspend-business' },
            { id: 'records', text: t('购进记录', 'Purchase records') },
          ],
        },
      ],
    },
    riskList: { title: t('风险清单', 'Risk list'), stages: ['recorded', 'handled', 'closed'] },
    permissions: { COMMEND: ['admin'] },
  };
}

/** Special rectification (专项整治, seed 004): a county and its townships, four phases. */
export function specialRectification(): CampaignDefinitionInput {
  return {
    id: 'fixture-special-rectification',
    kind: 'special-rectification',
    title: t('县药品安全专项整治', 'County drug safety special rectification'),
    description: t('四个阶段：动员部署、自查自纠、集中整治、总结验收', 'Four phases: mobilization, self-inspection, concentrated rectification, summary and acceptance'),
    levels: { participating: ['county', 'township'], launchedBy: 'county' },
    units: [
      { id: 'amr', title: t('食品药品监管局', 'Food and drug administration') },
      { id: 'health', title: t('卫生局', 'Health bureau') },
      { id: 'police', title: t('公安局', 'Public security bureau') },
      { id: 'industry', title: t('工商局', 'Industry and commerce bureau') },
    ],
    phases: [
      {
        id: 'mobilization',
        title: t('动员部署', 'Mobilization'),
        window: { start: '2024-02-01', end: '2024-02-29' },
        exit: [{ kind: 'leading-group-formed' }, { kind: 'report-filed', report: 'implementation-plan' }],
      },
      {
        id: 'self-inspection',
        title: t('自查自纠', 'Self-inspection'),
        window: { start: '2024-03-01', end: '2024-04-30' },
        exit: [{ kind: 'tasks-done' }],
      },
      {
        id: 'concentrated-rectification',
        title: t('集中整治', 'Concentrated rectification'),
        window: { start: '2024-05-01', end: '2024-07-31' },
        exit: [{ kind: 'tasks-done' }, { kind: 'indicator-met', indicator: 'complaints-handled' }, { kind: 'children-past', phase: 'concentrated-rectification' }],
      },
      {
        id: 'summary-acceptance',
        title: t('总结验收', 'Summary and acceptance'),
        window: { start: '2024-08-01', end: '2024-09-30' },
        exit: [{ kind: 'report-filed', report: 'work-summary' }, { kind: 'children-past', phase: 'summary-acceptance' }],
      },
    ],
    final: { id: 'closed', title: t('结束', 'Closed') },
    leadingGroup: {
      title: t('药品安全专项整治工作领导小组', 'Leading group'),
      roles: [
        { id: 'leader', title: t('组长', 'Leader'), min: 1, max: 1 },
        { id: 'deputy', title: t('副组长', 'Deputy leader'), min: 1 },
        { id: 'director', title: t('办公室主任', 'Office director'), min: 1, max: 1 },
        { id: 'liaison', title: t('联络员', 'Liaison'), min: 1, max: 1, per: 'member-unit' },
      ],
      memberUnits: ['amr', 'health', 'police', 'industry'],
      office: { title: t('领导小组办公室', 'Office'), hostUnit: 'amr', directorRole: 'director' },
    },
    tasks: [
      { id: 'production-plan', title: t('制定生产流通环节整治方案', 'Plan for production and distribution'), phase: 'mobilization', leadUnit: 'amr', levels: ['county'] },
      { id: 'units-self-inspect', title: t('组织单位自查', 'Units inspect themselves'), phase: 'self-inspection', leadUnit: 'amr' },
      { id: 'fake-drugs', title: t('打击制售假药', 'Strike at fake drugs'), phase: 'concentrated-rectification', leadUnit: 'amr', cooperatingUnits: ['police'] },
      { id: 'illegal-ads', title: t('整治虚假广告', 'Illegal advertising'), phase: 'concentrated-rectification', leadUnit: 'industry', levels: ['county'] },
    ],
    indicators: [
      { kind: 'ratio', id: 'complaints-handled', title: t('投诉举报核查处理率', 'Complaints handled'), numerator: t('已处理', 'handled'), denominator: t('受理', 'received'), target: { op: '=', percent: 100 }, levels: ['county', 'township'] },
      { kind: 'yes-no', id: 'no-fake-drug-dens', title: t('无制售假药窝点', 'No fake-drug dens'), target: { op: '=', value: true }, levels: ['township'] },
    ],
    reports: [
      { id: 'implementation-plan', title: t('具体实施方案', 'Implementation plan'), cadence: { kind: 'once', due: '2024-02-25' }, filedBy: ['county', 'township'], to: 'parent' },
      { id: 'quarterly-progress', title: t('季度进展', 'Quarterly progress'), cadence: { kind: 'quarterly', day: 10 }, filedBy: ['county'], to: 'office' },
      { id: 'monthly-report', title: t('月报', 'Monthly report'), cadence: { kind: 'monthly', day: 5 }, filedBy: ['township'], to: 'parent' },
      { id: 'work-summary', title: t('工作总结', 'Work summary'), cadence: { kind: 'phase-end', phase: 'summary-acceptance' }, filedBy: ['county', 'township'], to: 'parent' },
    ],
    supervision: {
      windows: [{ id: 'mid-term', title: t('中期督查', 'Mid-term inspection'), window: { start: '2024-06-01', end: '2024-06-30' } }],
      escalation: [
        { step: 'remind', title: t('催报', 'Urge to report'), after: { days: 1, count: 'working' } },
        { step: 'criticise', title: t('通报批评', 'Public criticism'), after: { days: 5, count: 'working' } },
        { step: 'list', title: t('挂牌督办', 'Supervised handling'), after: { days: 15 } },
      ],
    },
  };
}

/** Consolidation-and-upgrade action (巩固提升行动, seeds 001/003): a city and its counties, with a risk list. */
export function consolidationAction(): CampaignDefinitionInput {
  return {
    id: 'fixture-consolidation-action',
    kind: 'consolidation-action',
    title: t('药品安全巩固提升行动', 'Drug safety consolidation action'),
    description: t('十八个月的巩固提升行动', 'An eighteen-month consolidation action'),
    levels: { participating: ['city', 'county'], launchedBy: 'city' },
    dayCount: 'working',
    units: [
      { id: 'city-amr', title: t('市市场监管局', 'City market regulation bureau') },
      { id: 'drugs-section', title: t('药品科', 'Drugs section') },
      { id: 'devices-section', title: t('医疗器械科', 'Medical devices section') },
    ],
    phases: [
      { id: 'mobilization', title: t('动员部署', 'Mobilization'), window: { start: '2023-07-01', end: '2023-07-31' }, exit: [{ kind: 'leading-group-formed' }] },
      {
        id: 'key-advancement',
        title: t('重点推进', 'Key advancement'),
        window: { start: '2023-07-01', end: '2024-06-30' },
        exit: [{ kind: 'tasks-done' }, { kind: 'risks-closed' }],
      },
      {
        id: 'summary-exchange',
        title: t('总结交流', 'Summary and exchange'),
        window: { start: '2024-10-01', end: '2024-11-30' },
        exit: [{ kind: 'report-filed', report: 'summary' }, { kind: 'children-past', phase: 'summary-exchange' }],
      },
    ],
    final: { id: 'completed', title: t('完成', 'Completed') },
    leadingGroup: {
      title: t('巩固提升行动领导小组', 'Leading group'),
      roles: [
        { id: 'leader', title: t('组长', 'Leader'), min: 1, max: 1 },
        { id: 'deputy', title: t('副组长', 'Deputy leader'), min: 0 },
        { id: 'member', title: t('成员', 'Member'), min: 1 },
      ],
      memberUnits: ['city-amr', 'drugs-section', 'devices-section'],
      office: { title: t('办公室', 'Office'), hostUnit: 'city-amr', directorRole: 'leader' },
    },
    taskGroups: [
      { id: 'coordination', title: t('综合协调组', 'Coordination'), lead: 'city-amr', duties: [t('统筹协调', 'Coordinate'), t('信息报送', 'Reporting')] },
      { id: 'drugs', title: t('药品工作组', 'Drugs group'), lead: 'drugs-section', duties: [t('药品检查', 'Drug inspections')] },
    ],
    tasks: [
      { id: 'risk-survey', title: t('风险排查', 'Risk survey'), phase: 'key-advancement', leadUnit: 'drugs-section' },
      { id: 'device-checks', title: t('医疗器械检查', 'Device inspections'), phase: 'key-advancement', leadUnit: 'devices-section' },
    ],
    indicators: [{ kind: 'count', id: 'cases-transferred', title: t('移送公安案件', 'Cases transferred to police'), target: { op: '>=', value: 1 }, levels: ['city'] }],
    reports: [
      { id: 'quarterly', title: t('季度报告', 'Quarterly report'), cadence: { kind: 'quarterly', day: 5 }, filedBy: ['county'], to: 'parent', phases: ['key-advancement'] },
      { id: 'summary', title: t('工作总结', 'Work summary'), cadence: { kind: 'phase-end', phase: 'summary-exchange' }, filedBy: ['city', 'county'], to: 'parent' },
    ],
    supervision: {
      windows: [
        { id: 'first-round', title: t('第一轮督查调研', 'First supervision round'), window: { start: '2023-11-01', end: '2023-12-31' } },
        { id: 'second-round', title: t('第二轮督查调研', 'Second supervision round'), window: { start: '2024-08-01', end: '2024-09-30' } },
      ],
      escalation: [
        { step: 'remind', title: t('催报', 'Urge to report'), after: { days: 2 } },
        { step: 'criticise', title: t('通报批评', 'Public criticism'), after: { days: 7 } },
      ],
    },
    riskList: { title: t('风险清单', 'Risk list'), stages: ['recorded', 'assigned', 'handled', 'verified', 'closed'] },
  };
}

/** Rectification notice (整改通知, seed 000 part 4): one township, a checklist per kind of unit, re-inspection. */
export function rectificationNotice(): CampaignDefinitionInput {
  return {
    id: 'fixture-rectification-notice',
    kind: 'rectification-notice',
    title: t('食品安全整改通知', 'Food safety rectification notice'),
    description: t('县局检查后乡镇的整改方案', "The township's rectification after the county bureau's inspection"),
    levels: { participating: ['township'], launchedBy: 'township' },
    units: [{ id: 'township-office', title: t('食安办', 'Food safety office') }],
    phases: [
      {
        id: 'rectifying',
        title: t('整改', 'Rectifying'),
        window: { start: { days: 0 }, end: { days: 4 } },
        exit: [{ kind: 'checklists-complete' }, { kind: 'report-filed', report: 'rectification-report' }],
      },
      {
        id: 're-inspection',
        title: t('复查', 'Re-inspection'),
        window: { start: { days: 5 }, end: { days: 12 } },
        review: { title: t('县局复查', 'County re-inspection'), returnTo: 'rectifying', maxRounds: 2 },
      },
    ],
    final: { id: 'passed', title: t('通过', 'Passed') },
    reports: [{ id: 'rectification-report', title: t('整改报告', 'Rectification report'), cadence: { kind: 'phase-end', phase: 'rectifying' }, filedBy: ['township'], to: 'parent' }],
    supervision: {
      escalation: [
        { step: 'remind', title: t('催办', 'Reminder'), after: { days: 0 } },
        { step: 'list', title: t('上报上级', 'Reported to the level above'), after: { days: 3 } },
      ],
    },
    rectification: {
      deadline: { days: 4 },
      scope: [
        { kind: 'office', title: t('乡食安办', 'Township office'), units: [{ id: 'food-office', title: t('食安办', 'Food safety office') }] },
        {
          kind: 'school-canteen',
          title: t('学校食堂', 'School canteen'),
          units: [
            { id: 'central-school', title: t('中心校食堂', 'Central school canteen') },
            { id: 'primary-school', title: t('小学食堂', 'Primary school canteen') },
          ],
        },
        { kind: 'catering', title: t('餐饮单位', 'Catering unit') },
      ],
      checklists: [
        { kind: 'office', items: [{ id: 'files', text: t('档案完整', 'Files complete') }, { id: 'meeting', text: t('专题会议', 'Meeting held') }] },
        {
          kind: 'school-canteen',
          items: [
            { id: 'licence', text: t('许可证有效', 'Licence valid'), onOverdue: 'suspend-business' },
            { id: 'hygiene', text: t('环境卫生', 'Hygiene') },
            { id: 'purchase-records', text: t('进货台账', 'Purchase records') },
          ],
        },
        { kind: 'catering', items: [{ id: 'licence', text: t('许可证', 'Licence'), onOverdue: 'suspend-business' }, { id: 'ledgers', text: t('台账', 'Ledgers') }] },
      ],
    },
  };
}

/** The fixtures standing in for the real definitions, by the file name each will have. */
export const FIXTURES_BY_FILE: Record<string, () => CampaignDefinitionInput> = {
  'drug-safety-special-rectification.json': specialRectification,
  'drug-safety-consolidation-action.json': consolidationAction,
  'canteen-rectification-notice.json': rectificationNotice,
};
