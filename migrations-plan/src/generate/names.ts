// Real-style names for generated provinces (see shared notes: provincial departments and the
// platforms of the provincial action plan).

export interface DeptName {
  id: string;
  zh: string;
  en: string;
  /** Short stem used in system names, e.g. 公安 → 公安业务协同系统. */
  stem: string;
  stemEn: string;
}

export const PROVINCIAL_DEPARTMENTS: DeptName[] = [
  { id: 'fgw', zh: '省发展和改革委员会', en: 'Development and Reform Commission', stem: '发展改革', stemEn: 'Development' },
  { id: 'jyt', zh: '省教育厅', en: 'Department of Education', stem: '教育', stemEn: 'Education' },
  { id: 'kjt', zh: '省科学技术厅', en: 'Department of Science and Technology', stem: '科技', stemEn: 'Science' },
  { id: 'gxt', zh: '省工业和信息化厅', en: 'Department of Industry and IT', stem: '工信', stemEn: 'Industry' },
  { id: 'gat', zh: '省公安厅', en: 'Department of Public Security', stem: '公安', stemEn: 'Public Security' },
  { id: 'mzt', zh: '省民政厅', en: 'Department of Civil Affairs', stem: '民政', stemEn: 'Civil Affairs' },
  { id: 'sft', zh: '省司法厅', en: 'Department of Justice', stem: '司法行政', stemEn: 'Justice' },
  { id: 'czt', zh: '省财政厅', en: 'Department of Finance', stem: '财政', stemEn: 'Finance' },
  { id: 'rst', zh: '省人力资源和社会保障厅', en: 'Department of Human Resources and Social Security', stem: '人社', stemEn: 'Social Security' },
  { id: 'zrt', zh: '省自然资源厅', en: 'Department of Natural Resources', stem: '自然资源', stemEn: 'Natural Resources' },
  { id: 'sthjt', zh: '省生态环境厅', en: 'Department of Ecology and Environment', stem: '生态环境', stemEn: 'Environment' },
  { id: 'zjt', zh: '省住房和城乡建设厅', en: 'Department of Housing and Urban-Rural Development', stem: '住建', stemEn: 'Housing' },
  { id: 'jtt', zh: '省交通运输厅', en: 'Department of Transport', stem: '交通运输', stemEn: 'Transport' },
  { id: 'slt', zh: '省水利厅', en: 'Department of Water Resources', stem: '水利', stemEn: 'Water' },
  { id: 'nynct', zh: '省农业农村厅', en: 'Department of Agriculture and Rural Affairs', stem: '农业农村', stemEn: 'Agriculture' },
  { id: 'swt', zh: '省商务厅', en: 'Department of Commerce', stem: '商务', stemEn: 'Commerce' },
  { id: 'whlyt', zh: '省文化和旅游厅', en: 'Department of Culture and Tourism', stem: '文化旅游', stemEn: 'Culture and Tourism' },
  { id: 'wjw', zh: '省卫生健康委员会', en: 'Health Commission', stem: '卫生健康', stemEn: 'Health' },
  { id: 'tyjrt', zh: '省退役军人事务厅', en: 'Department of Veterans Affairs', stem: '退役军人', stemEn: 'Veterans' },
  { id: 'yjt', zh: '省应急管理厅', en: 'Department of Emergency Management', stem: '应急管理', stemEn: 'Emergency' },
  { id: 'sjt', zh: '省审计厅', en: 'Audit Office', stem: '审计', stemEn: 'Audit' },
  { id: 'scjgj', zh: '省市场监督管理局', en: 'Administration for Market Regulation', stem: '市场监管', stemEn: 'Market Regulation' },
  { id: 'gdj', zh: '省广播电视局', en: 'Radio and Television Administration', stem: '广电', stemEn: 'Broadcasting' },
  { id: 'tyj', zh: '省体育局', en: 'Sports Bureau', stem: '体育', stemEn: 'Sports' },
  { id: 'tjj', zh: '省统计局', en: 'Bureau of Statistics', stem: '统计', stemEn: 'Statistics' },
  { id: 'ybj', zh: '省医疗保障局', en: 'Healthcare Security Administration', stem: '医保', stemEn: 'Medical Insurance' },
  { id: 'lcj', zh: '省林业和草原局', en: 'Forestry and Grassland Administration', stem: '林草', stemEn: 'Forestry' },
  { id: 'jrj', zh: '省地方金融监督管理局', en: 'Local Financial Supervision Bureau', stem: '金融监管', stemEn: 'Finance Supervision' },
  { id: 'zwfwb', zh: '省政务服务管理办公室', en: 'Government Services Administration Office', stem: '政务服务', stemEn: 'Government Services' },
  { id: 'dsjzx', zh: '省大数据中心', en: 'Big Data Centre', stem: '大数据', stemEn: 'Big Data' },
  { id: 'swj', zh: '省税务局', en: 'Taxation Bureau', stem: '税务', stemEn: 'Taxation' },
  { id: 'yjj', zh: '省药品监督管理局', en: 'Medical Products Administration', stem: '药品监管', stemEn: 'Drug Regulation' },
  { id: 'lsj', zh: '省粮食和物资储备局', en: 'Food and Strategic Reserves Administration', stem: '粮食储备', stemEn: 'Reserves' },
  { id: 'nyj', zh: '省能源局', en: 'Energy Administration', stem: '能源', stemEn: 'Energy' },
  { id: 'wwj', zh: '省文物局', en: 'Cultural Heritage Administration', stem: '文物', stemEn: 'Heritage' },
  { id: 'xfj', zh: '省信访局', en: 'Letters and Visits Bureau', stem: '信访', stemEn: 'Petitions' },
  { id: 'jgswj', zh: '省机关事务管理局', en: 'Government Offices Administration', stem: '机关事务', stemEn: 'Offices' },
  { id: 'daj', zh: '省档案局', en: 'Archives Bureau', stem: '档案', stemEn: 'Archives' },
  { id: 'qxj', zh: '省气象局', en: 'Meteorological Bureau', stem: '气象', stemEn: 'Meteorology' },
  { id: 'txglj', zh: '省通信管理局', en: 'Communications Administration', stem: '通信管理', stemEn: 'Communications' },
];

export const CITIES: { id: string; zh: string; en: string }[] = [
  { id: 'sc', zh: '省城市', en: 'Shengcheng' },
  { id: 'hb', zh: '河北市', en: 'Hebei City' },
  { id: 'nh', zh: '南湖市', en: 'Nanhu' },
  { id: 'xs', zh: '西山市', en: 'Xishan' },
  { id: 'dh', zh: '东海市', en: 'Donghai' },
  { id: 'bj', zh: '北江市', en: 'Beijiang' },
  { id: 'ly', zh: '临远市', en: 'Linyuan' },
  { id: 'qs', zh: '青山市', en: 'Qingshan' },
  { id: 'jc', zh: '金城市', en: 'Jincheng' },
  { id: 'yz', zh: '玉州市', en: 'Yuzhou' },
  { id: 'cp', zh: '长平市', en: 'Changping' },
  { id: 'hy', zh: '海阳市', en: 'Haiyang' },
  { id: 'ts', zh: '泰顺市', en: 'Taishun' },
  { id: 'ak', zh: '安康市', en: 'Ankang' },
  { id: 'ft', zh: '丰台市', en: 'Fengtai' },
  { id: 'rz', zh: '瑞州市', en: 'Ruizhou' },
];

export const CITY_BUREAUX: { id: string; zh: string; en: string; stem: string; stemEn: string }[] = [
  { id: 'gaj', zh: '公安局', en: 'Public Security Bureau', stem: '公安', stemEn: 'Public Security' },
  { id: 'wjw', zh: '卫生健康委员会', en: 'Health Commission', stem: '卫生健康', stemEn: 'Health' },
  { id: 'rsj', zh: '人力资源和社会保障局', en: 'Human Resources and Social Security Bureau', stem: '人社', stemEn: 'Social Security' },
  { id: 'zwfwj', zh: '政务服务管理局', en: 'Government Services Bureau', stem: '政务服务', stemEn: 'Government Services' },
  { id: 'jtj', zh: '交通运输局', en: 'Transport Bureau', stem: '交通', stemEn: 'Transport' },
  { id: 'scjgj', zh: '市场监督管理局', en: 'Market Regulation Bureau', stem: '市场监管', stemEn: 'Market Regulation' },
  { id: 'sthjj', zh: '生态环境局', en: 'Ecology and Environment Bureau', stem: '生态环境', stemEn: 'Environment' },
  { id: 'jyj', zh: '教育局', en: 'Education Bureau', stem: '教育', stemEn: 'Education' },
  { id: 'mzj', zh: '民政局', en: 'Civil Affairs Bureau', stem: '民政', stemEn: 'Civil Affairs' },
  { id: 'czj', zh: '财政局', en: 'Finance Bureau', stem: '财政', stemEn: 'Finance' },
  { id: 'zjj', zh: '住房和城乡建设局', en: 'Housing Bureau', stem: '住建', stemEn: 'Housing' },
  { id: 'yjj', zh: '应急管理局', en: 'Emergency Management Bureau', stem: '应急', stemEn: 'Emergency' },
  { id: 'dsjj', zh: '大数据局', en: 'Big Data Bureau', stem: '大数据', stemEn: 'Big Data' },
  { id: 'zrzyj', zh: '自然资源和规划局', en: 'Natural Resources Bureau', stem: '自然资源', stemEn: 'Natural Resources' },
  { id: 'slj', zh: '水利局', en: 'Water Bureau', stem: '水利', stemEn: 'Water' },
  { id: 'nyncj', zh: '农业农村局', en: 'Agriculture Bureau', stem: '农业农村', stemEn: 'Agriculture' },
  { id: 'swj', zh: '商务局', en: 'Commerce Bureau', stem: '商务', stemEn: 'Commerce' },
  { id: 'wglj', zh: '文化广电旅游局', en: 'Culture and Tourism Bureau', stem: '文旅', stemEn: 'Culture' },
  { id: 'tjj', zh: '统计局', en: 'Statistics Bureau', stem: '统计', stemEn: 'Statistics' },
  { id: 'ybj', zh: '医疗保障局', en: 'Healthcare Security Bureau', stem: '医保', stemEn: 'Medical Insurance' },
  { id: 'sfj', zh: '司法局', en: 'Justice Bureau', stem: '司法', stemEn: 'Justice' },
  { id: 'xfj', zh: '信访局', en: 'Petitions Bureau', stem: '信访', stemEn: 'Petitions' },
  { id: 'sjj', zh: '审计局', en: 'Audit Bureau', stem: '审计', stemEn: 'Audit' },
  { id: 'tyjrj', zh: '退役军人事务局', en: 'Veterans Bureau', stem: '退役军人', stemEn: 'Veterans' },
  { id: 'lyj', zh: '林业局', en: 'Forestry Bureau', stem: '林业', stemEn: 'Forestry' },
  { id: 'tyj', zh: '体育局', en: 'Sports Bureau', stem: '体育', stemEn: 'Sports' },
  { id: 'daj', zh: '档案局', en: 'Archives Bureau', stem: '档案', stemEn: 'Archives' },
  { id: 'jgswj', zh: '机关事务管理局', en: 'Offices Administration', stem: '机关事务', stemEn: 'Offices' },
  { id: 'fgw', zh: '发展和改革委员会', en: 'Development and Reform Commission', stem: '发展改革', stemEn: 'Development' },
  { id: 'gxj', zh: '工业和信息化局', en: 'Industry and IT Bureau', stem: '工信', stemEn: 'Industry' },
];

/** The province-wide platforms named by the action plan, owned by the big-data centre or the services office. */
export interface PlatformName {
  id: string;
  owner: string;
  zh: string;
  en: string;
  network: 'internal' | 'external';
  mlps: number;
  /** Other platforms this one depends on. */
  deps?: string[];
}

export const PLATFORMS: PlatformName[] = [
  { id: 'dsj-exchange', owner: 'dsjzx', zh: '政务信息资源共享交换平台', en: 'Government Data Sharing and Exchange Platform', network: 'external', mlps: 3 },
  { id: 'dsj-population-db', owner: 'dsjzx', zh: '人口基础信息库', en: 'Population Basic Database', network: 'external', mlps: 3, deps: ['dsj-exchange'] },
  { id: 'dsj-legal-entity-db', owner: 'dsjzx', zh: '法人单位基础信息库', en: 'Legal Entity Basic Database', network: 'external', mlps: 3, deps: ['dsj-exchange'] },
  { id: 'dsj-geo-db', owner: 'dsjzx', zh: '空间地理基础信息库', en: 'Spatial Geography Basic Database', network: 'external', mlps: 3, deps: ['dsj-exchange'] },
  { id: 'dsj-elicence-db', owner: 'dsjzx', zh: '电子证照基础库', en: 'E-Licence Basic Database', network: 'external', mlps: 3, deps: ['dsj-exchange'] },
  { id: 'dsj-health-db', owner: 'dsjzx', zh: '医疗健康主题库', en: 'Health Thematic Database', network: 'external', mlps: 3, deps: ['dsj-population-db'] },
  { id: 'dsj-transport-db', owner: 'dsjzx', zh: '交通出行主题库', en: 'Transport Thematic Database', network: 'external', mlps: 2, deps: ['dsj-exchange'] },
  { id: 'dsj-market-db', owner: 'dsjzx', zh: '市场监管主题库', en: 'Market Regulation Thematic Database', network: 'external', mlps: 2, deps: ['dsj-legal-entity-db'] },
  { id: 'dsj-ecology-db', owner: 'dsjzx', zh: '生态环境主题库', en: 'Ecology Thematic Database', network: 'external', mlps: 2, deps: ['dsj-geo-db'] },
  { id: 'dsj-tourism-db', owner: 'dsjzx', zh: '文化旅游主题库', en: 'Culture and Tourism Thematic Database', network: 'external', mlps: 2, deps: ['dsj-exchange'] },
  { id: 'dsj-credit-db', owner: 'dsjzx', zh: '公共信用主题库', en: 'Public Credit Thematic Database', network: 'external', mlps: 3, deps: ['dsj-legal-entity-db'] },
  { id: 'dsj-services-db', owner: 'dsjzx', zh: '政务服务主题库', en: 'Government Services Thematic Database', network: 'external', mlps: 3, deps: ['dsj-exchange'] },
  { id: 'dsj-open-data', owner: 'dsjzx', zh: '公共数据开放平台', en: 'Public Open Data Platform', network: 'external', mlps: 2, deps: ['dsj-exchange'] },
  { id: 'dsj-bigdata-centre', owner: 'dsjzx', zh: '政务大数据中心平台', en: 'Government Big Data Centre Platform', network: 'external', mlps: 3, deps: ['dsj-exchange'] },
  { id: 'dsj-eseal', owner: 'dsjzx', zh: '统一电子印章系统', en: 'Unified Electronic Seal System', network: 'external', mlps: 3 },
  { id: 'dsj-inner-exchange', owner: 'dsjzx', zh: '电子政务内网数据交换平台', en: 'Internal Network Data Exchange Platform', network: 'internal', mlps: 3 },
  { id: 'zwfw-portal', owner: 'zwfwb', zh: '一体化政务服务平台', en: 'Integrated Online Government Service Platform', network: 'external', mlps: 3, deps: ['dsj-exchange', 'dsj-elicence-db', 'dsj-eseal'] },
  { id: 'zwfw-12345', owner: 'zwfwb', zh: '12345政务服务便民热线平台', en: '12345 Government Service Hotline', network: 'external', mlps: 3, deps: ['zwfw-portal'] },
  { id: 'zwfw-mobile-app', owner: 'zwfwb', zh: '移动政务服务客户端', en: 'Mobile Government Service App', network: 'external', mlps: 3, deps: ['zwfw-portal'] },
  { id: 'zwfw-good-bad-review', owner: 'zwfwb', zh: '政务服务好差评系统', en: 'Service Rating System', network: 'external', mlps: 2, deps: ['zwfw-portal'] },
  { id: 'jgswj-video-conf', owner: 'jgswj', zh: '省市县视频会议系统', en: 'Province-City-County Video Conferencing', network: 'internal', mlps: 3 },
  { id: 'gat-video-surveillance', owner: 'gat', zh: '视频监控联网共享平台', en: 'Video Surveillance Sharing Platform', network: 'internal', mlps: 3 },
  { id: 'jgswj-oa', owner: 'jgswj', zh: '省直机关协同办公平台', en: 'Provincial Collaborative Office Platform', network: 'internal', mlps: 3, deps: ['dsj-inner-exchange'] },
];

/** Generic systems every department runs; `{stem}` is the department's stem. */
export const SYSTEM_TEMPLATES: { key: string; zh: string; en: string; network: 'internal' | 'external'; mlps: number; classified?: boolean }[] = [
  { key: 'services', zh: '{stem}政务服务事项办理系统', en: '{stemEn} Service Handling System', network: 'external', mlps: 3 },
  { key: 'portal', zh: '{stem}门户网站', en: '{stemEn} Public Website', network: 'external', mlps: 2 },
  { key: 'oa', zh: '{stem}综合办公系统', en: '{stemEn} Office Automation', network: 'internal', mlps: 2 },
  { key: 'data', zh: '{stem}数据资源目录系统', en: '{stemEn} Data Resource Catalogue', network: 'external', mlps: 2 },
  { key: 'supervision', zh: '{stem}监管执法系统', en: '{stemEn} Supervision and Enforcement System', network: 'external', mlps: 3 },
  { key: 'stats', zh: '{stem}统计分析系统', en: '{stemEn} Statistics and Analysis', network: 'external', mlps: 2 },
  { key: 'archive', zh: '{stem}电子档案管理系统', en: '{stemEn} E-Archive Management', network: 'internal', mlps: 2 },
  { key: 'confidential', zh: '{stem}涉密文件传输系统', en: '{stemEn} Classified Document Transfer', network: 'internal', mlps: 4, classified: true },
  { key: 'emergency', zh: '{stem}应急指挥调度系统', en: '{stemEn} Emergency Command System', network: 'internal', mlps: 3 },
  { key: 'finance', zh: '{stem}财务管理系统', en: '{stemEn} Financial Management', network: 'internal', mlps: 2 },
  { key: 'hr', zh: '{stem}人事管理系统', en: '{stemEn} Personnel Management', network: 'internal', mlps: 2 },
  { key: 'legacy-report', zh: '{stem}旧版报表系统', en: '{stemEn} Legacy Reporting', network: 'external', mlps: 1 },
  { key: 'gis', zh: '{stem}地理信息服务系统', en: '{stemEn} GIS Service', network: 'external', mlps: 2 },
  { key: 'mobile', zh: '{stem}移动办公系统', en: '{stemEn} Mobile Office', network: 'external', mlps: 2 },
  { key: 'credit', zh: '{stem}信用信息管理系统', en: '{stemEn} Credit Information System', network: 'external', mlps: 3 },
  { key: 'license', zh: '{stem}行政许可审批系统', en: '{stemEn} Administrative Licensing', network: 'external', mlps: 3 },
];

export const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
export const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '建华', '志强', '海燕', '晓东'];
export const SITES = ['自建机房', '数据中心一期', '老办公楼机房', '城东机房', '托管机房'];
