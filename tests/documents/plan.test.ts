import { describe, expect, it } from 'vitest';
import { resolveDates } from '../../engine/core/schedule.js';
import { toDocx } from '../../documents/docx.js';
import { planDocument } from '../../documents/plan.js';
import { openDocx, shippedDefinition } from './open.js';

const at = '2024-06-01T00:00:00.000Z';

async function planText(input: Parameters<typeof planDocument>[0]) {
  const opened = openDocx(await toDocx(planDocument(input)));
  return { ...opened, texts: opened.paragraphs.map((p) => p.text).filter(Boolean), headings: opened.paragraphs.filter((p) => p.style?.startsWith('GwHeading')) };
}

describe('实施方案 from a definition', () => {
  it('writes the special rectification as seed 004 has it: goals, targets, phases with the launched dates, tasks with lead and cooperating units, reporting, supervision', async () => {
    const def = shippedDefinition('drug-safety-special-rectification');
    const dates = resolveDates(def, '2024-02-01');
    const { texts, headings } = await planText({
      definition: def,
      place: { code: '1411', name: '吕梁市', level: 'city' },
      dates,
      leadingGroup: { members: [{ role: 'leader', name: '张三' }, { role: 'deputy-leader', name: '李四', unit: 'drug-regulator' }, { role: 'office-director', name: '王五' }] },
      issuer: { name: '吕梁市食品药品监管局', number: ['吕市监〔2024〕3号'] },
      date: '2024-02-01',
      generatedAt: at,
    });
    expect(texts[0]).toBe('吕市监〔2024〕3号');
    expect(texts[1]).toBe('吕梁市药品安全专项整治实施方案');
    expect(texts[2]).toBe('为扎实开展药品安全专项整治工作，根据＿＿＿＿＿＿＿＿＿＿要求，结合吕梁市实际，制定本方案。');
    const level1 = headings.filter((h) => h.style === 'GwHeading1').map((h) => h.text);
    expect(level1).toEqual(['一、指导思想和总体目标', '二、具体目标', '三、时间安排', '四、组织领导', '五、重点任务', '六、信息报送', '七、督查督办和工作要求']);
    expect(texts).toContain('自2024年2月1日开始，至2024年9月30日结束，共分4个阶段。');
    expect(texts).toContain('（一）动员部署阶段（2024年2月1日至2月29日）');
    expect(texts).toContain('（四）总结验收阶段（2024年8月1日至9月30日）');
    // Targets as the definition sets them, with the level they are measured at.
    expect(texts).toContain('1.县与乡镇人民政府药品安全责任书签订率不低于100%（县级）。');
    expect(texts).toContain('2.乡镇人民政府与行政村药品安全责任书签订率不低于95%（乡镇级）。');
    // The leading group as formed; roles nobody holds yet are blanks.
    expect(texts).toContain('组长：张三');
    expect(texts).toContain('副组长：李四（食品药品监管局）');
    expect(texts).toContain('成员：＿＿＿＿＿＿');
    expect(texts.some((t) => t.startsWith('领导小组下设办公室，设在食品药品监管局') && t.endsWith('王五。'))).toBe(true);
    // A task with its lead and cooperating units.
    expect(texts).toContain('1.召开动员部署会议，部署专项整治。牵头单位：人民政府；配合单位：食品药品监管局。工作留痕：动员部署会议通知和纪要。');
    expect(texts).toContain('3.整治进展情况。县（市、区）和乡镇（街道）每月5日前报送上月情况，报上一级。');
    expect(texts).toContain('对未按时报送、未按期完成的事项，逾期1日催报催办；逾期7日通报批评，督促整改；逾期15日挂牌督办。');
    expect(texts.at(-2)).toBe('吕梁市食品药品监管局');
    expect(texts.at(-1)).toBe('2024年2月1日');
  });

  it('writes the consolidation action as seed 001 has it: the office with its five task groups and their numbered duties, the supervision windows beside the phases', async () => {
    const def = shippedDefinition('drug-safety-consolidation-action');
    const { texts, headings } = await planText({ definition: def, generatedAt: at });
    expect(texts[0]).toBe('＿＿＿药品安全巩固提升行动实施方案');
    expect(texts).toContain('（一）动员部署阶段（2023年7月1日至7月31日）');
    expect(texts).toContain('（四）督查调研（第一轮）（2023年11月1日至12月31日）');
    const groups = headings.filter((h) => h.style === 'GwHeading3' && /工作组|协调组|法规组/.test(h.text) && h.text.includes('工作职责')).map((h) => h.text.split('。')[0]);
    expect(groups).toEqual(['1.综合协调组', '2.政策法规组', '3.药品工作组', '4.医疗器械工作组', '5.化妆品工作组']);
    // Duties numbered (1)…(n), as many as the definition holds: 7, 3, 10, 10, 10.
    const duties = texts.filter((t) => /^（\d+）/.test(t));
    expect(duties.length).toBe(7 + 3 + 10 + 10 + 10);
    expect(texts).toContain('（7）完成领导交办的其他事项。');
    expect(texts).toContain('组长（党组书记、副局长）：＿＿＿＿＿＿');
    // No launched campaign: the date is left for the clerk.
    expect(texts.at(-1)).toBe('＿＿＿＿年＿＿月＿＿日');
  });

  it('writes a rectification notice definition as the 整改方案 of seed 000 part 4: targets, scope, measures per kind of unit, deadline, re-inspection', async () => {
    const def = shippedDefinition('canteen-rectification-notice');
    const dates = resolveDates(def, '2011-12-22');
    const { texts, headings } = await planText({ definition: def, place: { code: '500240213', name: '中益乡', level: 'township' }, dates, generatedAt: at });
    expect(texts[0]).toBe('中益乡学校食堂及餐饮服务单位食品药品安全整改方案');
    expect(headings.filter((h) => h.style === 'GwHeading1').map((h) => h.text)).toEqual(['一、整治目标', '二、整治范围', '三、整治措施', '四、整改期限']);
    expect(texts).toContain('乡食品药品安全办公室、中益小学食堂、官田小学食堂、盐井小学食堂、各餐饮服务单位。');
    const measures = headings.filter((h) => h.style === 'GwHeading2').map((h) => h.text);
    expect(measures).toEqual(['（一）乡食品药品安全办公室整改措施', '（二）学校食堂整改措施', '（三）餐饮服务单位整改措施']);
    expect(headings.filter((h) => h.style === 'GwHeading3').length).toBe(3 + 7 + 3);
    expect(texts.some((t) => t.startsWith('本次专项整改期限自2011年12月22日起5日内（至2011年12月26日）完成。整改结束后，邀请县食品药品监督管理局进行复查'))).toBe(true);
  });
});
