// What the API says to people when their input cannot be taken, in both languages of the console.
// Keys, not sentences, travel from the rules (schemas, routers) to here; the console shows the text.
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** The locale the console asked for (Accept-Language); Chinese unless English is asked for. */
export function localeOf(acceptLanguage: string | undefined): Locale {
  return /^\s*en\b/i.test(acceptLanguage ?? '') ? 'en' : 'zh-CN';
}

type Catalog = Record<string, string>;

const zh: Catalog = {
  'input.check': '请检查标出的内容。',
  'field.required': '请填写此项',
  'field.number': '请填写数字',
  'field.integer': '请填写整数',
  'field.min': '不能小于 {min}',
  'field.max': '不能大于 {max}',
  'field.minLength': '至少 {min} 个字',
  'field.maxLength': '最多 {max} 个字',
  'field.choice': '请从列表中选择',
  'field.unknown': '不接受此项：{keys}',
  'field.invalid': '格式不正确',
  'field.date': '请填写有效的日期（年-月-日）',
  'field.dateOrder': '结束日期不能早于开始日期',
  'request.askForSomething': '请至少申请一项资源（CPU、内存或存储）',
  'request.rejectionNeedsReason': '驳回须说明理由（至少 4 个字）',
  'request.wrongNetwork': '规划将 {system} 部署在{network}，请选择该网络',
  'request.unknownSystem': '您的管辖范围内没有系统 {system}',
  'assign.unknownCluster': '没有集群 {cluster}',
  'assign.unknownNamespace': '集群 {cluster} 中没有命名空间 {namespace}',
  'assign.unknownDepartment': '没有单位 {department}',
  'assign.otherDepartment': '{system} 不属于所选单位',
  'assign.otherNetwork': '{system} 规划部署在{network}，集群 {cluster} 属于{clusterNetwork}',
  'store.conflict': '此事项已被他人办理，页面已刷新为最新状态，请核对后再办理。',
  'store.notFound': '没有找到此事项，可能已被撤回或删除。',
  'store.fourEyes': '此事项须由另一人办理（双人复核）：发起人不能自己审批或确认。',
  'store.notOwnRequest': '只有提出申请的人可以撤回此申请。',
  'store.reviewedAlready': '您已审核过此申请的一个层级，其他层级须由他人审核。',
  'request.notYourLevel': '此申请正等待{level}审核，不在您的审核层级。',
  'request.poolExceeded': '{unit}的{network}资源池只剩 {left} {resource}，本次批准 {asked}',
  'request.poolExceededSummary': '批准数量超出资源池分配额度，请调减或先调整分配。',
  'request.filingMissing': '{system}为等保{level}级系统，申请须填写其备案号',
  'request.filingMismatch': '备案号与迁移计划登记的{system}备案号不一致，请核对',
  'request.filingNotInPlan': '迁移计划未登记{system}（等保{level}级）的备案号，请先办理备案并更新计划',
  'request.exitAsksNothing': '退出申请不申请资源：CPU、内存、存储均应为 0',
  'request.refusalNeedsReason': '不予受理须说明理由（至少 4 个字）',
  'request.wrongStep': '此申请当前处于“{step}”环节，不能办理此操作；请刷新后重试。',
  'request.trialTooEarly': '试运行须满规定天数后方可确认，最早可于 {date} 确认。',
  'request.departmentOnly': '测试结果由申请部门确认。',
  'request.noParty': '您的账号不是试运行三方（申请部门、数据局、云服务商）中的任何一方。',
  'request.steps.accept': '受理',
  'request.steps.review': '审核',
  'request.steps.provision': '开通',
  'request.steps.test': '测试',
  'request.steps.trial': '试运行',
  'request.steps.online': '上线',
  'pool.outsideRemit': '您不能设置{unit}的资源池：只能设置您管辖范围内下级单位的资源池。',
  'resource.cpu': '核 CPU',
  'resource.memoryGiB': 'GiB 内存',
  'resource.storageGiB': 'GiB 存储',
  'network.internal': '政务内网',
  'network.external': '政务外网',
  'field.unitRequired': '此角色须选择所属单位',
  'field.username': '用户名只能包含字母、数字、点、下划线和连字符',
  'field.email': '请填写有效的电子邮箱地址，如 zhangsan@example.gov.cn',
  'field.phone': '请填写有效的手机号码（5–20 位数字，可带 +），如 13912345678',
  'notifications.emailNeeded': '选择电子邮件通知须填写邮箱地址',
  'store.ownAccount': '不能更改本人账号的角色、单位或状态，须由另一位管理员办理。',
  'account.usernameTaken': '用户名 {username} 已被使用',
  'staff.outsideUnit': '只能选择本单位或其下属单位',
  'staff.notFound': '本单位及下属单位中没有部门用户 {username}',
  'grant.noAccount': '您的管辖范围内没有账号 {username}',
  'grant.roleOutsideRemit': '部门管理员只能提议在本单位或下属单位任职的角色',
  'grant.pendingAlready': '{username} 已有一项待审批的授权提议，请待其办结后再提。',
  'exception.plan-retain': '迁移计划已将{system}定为保留，无需申请不上云例外',
  'exception.plan-retire': '迁移计划已将{system}定为下线，无需申请不上云例外',
  'exception.alreadyMigrated': '{system}已完成迁移上云，不能申请不上云例外',
  'exception.expiryPast': '有效期须晚于今天（最早 {earliest}）',
  'exception.expiryTooFar': '有效期最长 {years} 年（最晚 {latest}）',
  'exception.pendingAlready': '{system}已有一项待审批的不上云例外申请，请待其办结后再申请。',
  'exception.commentRequired': '请填写审批意见（至少 4 个字）',
  'scorecard.month': '请选择月份（年-月）',
  'briefing.unsigned': '本实例未配置签名密钥（crypto.signingKeyFile），无法导出签名简报',
  'signoff.needsStage': '系统尚未达到此项签署所需的阶段',
  'runbook.incomplete': '割接预案还有 {count} 项未完成，完成后方可签署割接',
  'signoff.backupGaps': '备份与恢复演练尚有 {count} 项不满足要求（见阻碍项），满足后方可签署割接',
  'runbook.reasonRequired': '请填写回退原因（至少 4 个字）',
  'intake.noPlan': '当前无法读取迁移计划文件，暂不能导入工作簿',
  'intake.notXlsx': '请上传 .xlsx 格式的工作簿（不超过 {max} MB）',
  'intake.otherDepartment': '只能导入本单位（及下属单位）的工作簿',
  'readiness.unknownArchetype': '评估模板 {archetype} 不存在',
  'proof.reasonRequired': '请填写放行原因（至少 4 个字）',
  'proof.unproven.failing':
    '对外域名尚未证明由云上入口提供服务（拨测未通过或解析不在云上），暂不能签署；如确需放行，请运维人员登记原因',
  'proof.unproven.stale': '拨测数据已过时，暂不能据此签署；请待数据恢复，或由运维人员登记放行原因',
  'proof.unproven.no-source': '未配置拨测数据源，无法证明割接；请由运维人员登记放行原因',
  'proof.unproven.no-names': '迁移计划未登记该系统的对外域名，无从拨测；请补充域名，或由运维人员登记放行原因',
  'proof.unproven.serving': '原系统仍在接收访问，暂不能签署下线',
  'proof.unproven.recent': '原系统在规定天数内仍有访问，需连续无访问满规定天数后方可签署下线',
  'proof.unproven.short': '原系统访问计数覆盖的时间不足规定天数，暂不能证明已无访问',
  'proof.unproven.absent': '未找到原系统访问计数，无法证明已无访问；请由运维人员登记放行原因',
  'proof.unproven.no-hosts': '迁移计划未登记原系统的访问地址，无从证明；请补充，或由运维人员登记放行原因',
  'proof.unproven.quiet': '原系统已连续无访问',
  'proof.unproven.proven': '对外域名已证明由云上提供服务',
  'scorecard.notEnded': '{month} 尚未结束，月末之后方可结账',
  'scorecard.closedAlready': '{month} 的考核已结账，不可重新结账',
  'exception.notAReviewer': '不上云例外由省、市、县数据局的云运维审批，您的账号不在审批层级。',
  'exception.expiredBeforeDecision': '申请的有效期（至 {expiresOn}）已过，不能批准；请驳回，由部门重新申请。',
  'metering.item': '计费项须为 cpu.core-hour、memory.gib-hour、storage.gib-month 或 item:代码',
  'metering.price': '单价须为不带符号的小数（元，最多 8 位小数），如 0.035',
  'metering.date': '请填写有效的生效日期（年-月-日）',
  'metering.closedMonth': '{month} 及以前的月份已结账，新单价只能从其后的日期起生效',
  'metering.duplicatePrice': '此计费项在该日期已有单价；如需调整，请从另一日期起新增一版',
  'metering.monthNotOver': '{month} 尚未结束，月末之后才能结账',
  'metering.noPrices': '价格目录中 {item} 自 {from} 起没有生效的单价，无法计费',
  'metering.sourceFailed': '监控数据源 {source} 未能读取（{error}），不据此出具账单',
  'metering.sourceGap': '监控数据源 {source} 在 {hours} 等时段没有数据（停机或未采集），不据此出具账单',
  'metering.noSource': '未配置 Prometheus，无法计量',
  'metering.tenancyStale':
    '集群 {cluster} 的命名空间归属未同步（{state}），无法确定各命名空间所属部门，暂不能结账',
  'metering.differs': '{month} 已结账，重新计算的结果与已结账单不一致：已结账单保持不变，此事已记入审计',
  'metering.provinceOnly': '结账须由全省范围、两网通管的运维人员办理',
  'field.month': '请填写有效的月份（年-月）',
  'reclamation.reasonRequired': '请填写异议理由（至少 4 个字）',
  'reclamation.commentRequired': '请填写裁定意见（至少 4 个字）',
  'reclamation.contestPeriodOver': '异议期已于 {contestBy} 届满，调减已按期生效，不能再答复',
  'reclamation.sourceFailed': '监控数据源 {source} 未能读取（{error}），不据此提出回收建议',
  'reclamation.sourceStale':
    '监控数据源 {source} 在评估窗口内只有 {hours} 小时的数据（需要 {needed} 小时）：数据中断或已不新，不据此提出回收建议',
  'reclamation.noSource': '未配置 Prometheus，无法评估闲置资源',
  'sync.name': '只能包含字母、数字、点、下划线、冒号和连字符，以字母或数字开头',
  'sync.copiedOverTotal': '已复制数量不能大于总数',
  'sync.checkedOverTotal': '已校验与不一致之和不能大于总数',
  'sync.noMeasure': '请至少报告一项进度：百分比、行数、字节数或校验',
  'sync.future': '测量时间晚于服务器时间（允许误差 5 分钟，最晚 {latest}），请校准迁移工具的时钟',
  'sync.tokenInvalid': '令牌无效：请在请求头 Authorization: Bearer 中提供部门签发的迁移上报令牌',
  'sync.tokenRevoked': '此令牌已被撤销，请向部门管理员申请新令牌',
  'sync.tokenExpired': '此令牌已过期，请向部门管理员申请新令牌',
  'sync.tooManyBadTokens': '无效令牌尝试过多，请一分钟后再试',
  'sync.tooManyReports': '此令牌每分钟最多上报 {max} 次，请降低上报频率',
  'sync.tooLarge': '请求体超过 {max} 字节，不是一份进度报告',
  'sync.notJson': '请求体须为 JSON（Content-Type: application/json）',
  'sync.systemNotAllowed': '此令牌不能上报系统 {system}：该系统不在令牌所属单位或令牌指定的系统范围内',
  'sync.replayed': '同步任务 {run} 已接收到序号 {lastSequence}，序号 {sequence} 不在其后，按重放拒收',
  'sync.replayedSame': '同步任务 {run} 的序号 {sequence} 已接收过相同内容的报告，无需重发',
  'sync.regressed': '同步任务 {run} 的{field}由已接收的 {last} 降为 {given}，进度不能倒退，拒收',
  'sync.field.percent': '完成百分比',
  'sync.field.rows.copied': '已复制行数',
  'sync.field.bytes.copied': '已复制字节数',
  'sync.unitOutside': '只能为您管辖范围内的单位签发令牌',
  'sync.systemOutside': '系统 {system} 不属于所选单位或不在您的管辖范围内',
  'sync.expiryRange': '有效期为 1 至 365 天',
};

const en: Catalog = {
  'input.check': 'Please check the marked fields.',
  'field.required': 'Required',
  'field.number': 'Enter a number',
  'field.integer': 'Enter a whole number',
  'field.min': 'Must be at least {min}',
  'field.max': 'Must be at most {max}',
  'field.minLength': 'At least {min} characters',
  'field.maxLength': 'At most {max} characters',
  'field.choice': 'Choose one of the options',
  'field.unknown': 'Not accepted: {keys}',
  'field.invalid': 'Not in the expected form',
  'field.date': 'Enter a valid date (year-month-day)',
  'field.dateOrder': 'The end date cannot be before the start date',
  'request.askForSomething': 'Ask for at least one resource (CPU, memory or storage)',
  'request.rejectionNeedsReason': 'A rejection needs a reason (at least 4 characters)',
  'request.wrongNetwork': 'The plan places {system} on the {network}; choose that network',
  'request.unknownSystem': 'There is no system {system} in your scope',
  'assign.unknownCluster': 'There is no cluster {cluster}',
  'assign.unknownNamespace': 'There is no namespace {namespace} in cluster {cluster}',
  'assign.unknownDepartment': 'There is no department {department}',
  'assign.otherDepartment': '{system} does not belong to the chosen department',
  'assign.otherNetwork':
    '{system} is planned for the {network}; cluster {cluster} is on the {clusterNetwork}',
  'store.conflict':
    'Someone else has acted on this; the page now shows the latest state. Check it before acting.',
  'store.notFound': 'This item was not found; it may have been withdrawn or removed.',
  'store.fourEyes': 'Someone else must do this (four eyes): whoever started it cannot approve or confirm it.',
  'store.notOwnRequest': 'Only the person who made this request can withdraw it.',
  'store.reviewedAlready': 'You have reviewed one level of this request; another person reviews the others.',
  'request.notYourLevel': 'This request awaits review by {level}, which is not your level.',
  'request.poolExceeded': "{unit}'s {network} pool has {left} {resource} left; this approval grants {asked}",
  'request.poolExceededSummary':
    'The approval exceeds the pool allotted; reduce it or change the allotment first.',
  'request.filingMissing': '{system} is at MLPS level {level}: the request needs its filing number',
  'request.filingMismatch': 'This filing number is not the one the plan records for {system}; check it',
  'request.filingNotInPlan':
    'The plan records no filing number for {system} (MLPS level {level}): file it and update the plan first',
  'request.exitAsksNothing': 'An exit asks for no resources: CPU, memory and storage must be 0',
  'request.refusalNeedsReason': 'Refusing an application needs a reason (at least 4 characters)',
  'request.wrongStep': 'This request is at the {step} step, where this cannot be done; reload and try again.',
  'request.trialTooEarly':
    'A trial run is confirmed after its minimum days; it can be confirmed from {date}.',
  'request.departmentOnly': 'The department that asked confirms the test.',
  'request.noParty':
    'Your account is none of the three parties of a trial run (the department, the data bureau, the cloud provider).',
  'request.steps.accept': 'acceptance',
  'request.steps.review': 'review',
  'request.steps.provision': 'provisioning',
  'request.steps.test': 'test',
  'request.steps.trial': 'trial run',
  'request.steps.online': 'live',
  'pool.outsideRemit':
    "You cannot set {unit}'s pool: only the pools of units below yours, within your scope.",
  'resource.cpu': 'CPU cores',
  'resource.memoryGiB': 'GiB of memory',
  'resource.storageGiB': 'GiB of storage',
  'network.internal': 'internal network',
  'network.external': 'external network',
  'field.unitRequired': 'This role needs an organisation unit',
  'field.username': 'User names use letters, digits, dots, underscores and hyphens',
  'field.email': 'Enter a valid mail address, e.g. zhang.san@example.gov.cn',
  'field.phone': 'Enter a valid mobile number (5–20 digits, + allowed), e.g. 13912345678',
  'notifications.emailNeeded': 'Give a mail address to be notified by mail',
  'store.ownAccount': "You cannot change your own account's role, unit or state; another administrator must.",
  'account.usernameTaken': 'The user name {username} is taken',
  'staff.outsideUnit': 'Choose your unit or one of its sub-units',
  'staff.notFound': 'There is no department user {username} in your unit or its sub-units',
  'grant.noAccount': 'There is no account {username} within your remit',
  'grant.roleOutsideRemit': 'A department administrator proposes only roles placed in its unit or a sub-unit',
  'grant.pendingAlready':
    '{username} already has a role grant awaiting a decision; propose again once it is decided.',
  'exception.plan-retain': 'The plan already retains {system}; it needs no exception',
  'exception.plan-retire': 'The plan already retires {system}; it needs no exception',
  'exception.alreadyMigrated': '{system} has migrated to the cloud; it cannot be excepted',
  'exception.expiryPast': 'The last day must be after today (at the earliest {earliest})',
  'exception.expiryTooFar': 'An exception holds at most {years} years (until {latest} at the latest)',
  'exception.pendingAlready':
    '{system} already has an exception application awaiting a decision; apply again once it is decided.',
  'exception.commentRequired': 'Give the decision a comment (at least 4 characters)',
  'scorecard.month': 'Choose a month (year-month)',
  'briefing.unsigned':
    'This instance has no signing key (crypto.signingKeyFile): the signed briefing cannot be exported',
  'signoff.needsStage': 'The system has not reached the stage this sign-off needs',
  'runbook.incomplete':
    '{count} item(s) of the cut-over runbook are not done: the cut-over can be signed once they are',
  'signoff.backupGaps':
    'Backups or restore tests fall short in {count} place(s) (see the blockers): the cut-over can be signed once they do not',
  'runbook.reasonRequired': 'Give the reason for the rollback (at least 4 characters)',
  'intake.noPlan': 'The plan files cannot be read just now: the workbook cannot be imported',
  'intake.notXlsx': 'Upload an .xlsx workbook (at most {max} MB)',
  'intake.otherDepartment': 'Only a workbook of your own unit (or a unit under it) can be imported',
  'readiness.unknownArchetype': 'There is no archetype {archetype}',
  'proof.reasonRequired': 'Give the reason for letting the sign-off go ahead (at least 4 characters)',
  'proof.unproven.failing':
    'The public names are not yet proven served by the cloud (a probe fails or the name resolves elsewhere): an operator may record a reason to let it go ahead',
  'proof.unproven.stale':
    'The probe readings are out of date: wait for them, or an operator may record a reason to let it go ahead',
  'proof.unproven.no-source':
    'No probe source is configured to prove the cut-over: an operator may record a reason to let it go ahead',
  'proof.unproven.no-names':
    'The plan gives this system no public names to probe: add them, or an operator may record a reason to let it go ahead',
  'proof.unproven.serving': 'The legacy system still receives requests: its retirement cannot be signed yet',
  'proof.unproven.recent':
    'The legacy system received requests within the required days: it must be quiet for all of them before its retirement is signed',
  'proof.unproven.short': "The legacy system's request counter does not cover the required days yet",
  'proof.unproven.absent':
    "No request counter was found for the legacy system's hosts: an operator may record a reason to let it go ahead",
  'proof.unproven.no-hosts':
    'The plan gives no legacy hosts for this system: add them, or an operator may record a reason to let it go ahead',
  'proof.unproven.quiet': 'The legacy system has been quiet',
  'proof.unproven.proven': 'The public names are proven served by the cloud',
  'scorecard.notEnded': '{month} has not ended yet: it can be closed after its last day',
  'scorecard.closedAlready': 'The scorecard of {month} is closed already and cannot be closed again',
  'exception.notAReviewer':
    "Exceptions are decided by the operators of the province's, a city's or a county's data bureau; your account is at no such level.",
  'exception.expiredBeforeDecision':
    'The exception asked for ended on {expiresOn}; it cannot be approved. Reject it and let the department apply again.',
  'metering.item': 'An item is cpu.core-hour, memory.gib-hour, storage.gib-month or item:code',
  'metering.price': 'A price is an unsigned decimal in yuan (up to 8 decimals), e.g. 0.035',
  'metering.date': 'Give a valid effective date (year-month-day)',
  'metering.closedMonth': 'Months up to {month} are closed: a new price can only take effect after them',
  'metering.duplicatePrice':
    'This item already has a price from that date; add a new version from another date',
  'metering.monthNotOver': '{month} has not ended yet: it can be closed after its last day',
  'metering.noPrices': 'The catalogue has no price for {item} from {from}: the month cannot be priced',
  'metering.sourceFailed':
    'The Prometheus source {source} could not be read ({error}): no statement is made from it',
  'metering.sourceGap':
    'The Prometheus source {source} has no data at {hours} (down or not scraped): no statement is made from it',
  'metering.noSource': 'No Prometheus is configured: nothing can be metered',
  'metering.tenancyStale':
    'The namespaces of cluster {cluster} are not in sync ({state}): which department each belongs to is not known, so the month cannot be closed yet',
  'metering.differs':
    '{month} is closed and its recomputation differs from the closed statement: the statement stands, and this is audited',
  'metering.provinceOnly': 'Closing a month is for a province-wide operator of both networks',
  'field.month': 'Give a valid month (year-month)',
  'reclamation.reasonRequired': 'Give the reason you contest it (at least 4 characters)',
  'reclamation.commentRequired': 'Give the decision a comment (at least 4 characters)',
  'reclamation.contestPeriodOver':
    'The contest period ended at {contestBy}: the reduction took effect and can no longer be answered',
  'reclamation.sourceFailed':
    'The Prometheus source {source} could not be read ({error}): nothing is proposed from it',
  'reclamation.sourceStale':
    'The Prometheus source {source} has {hours} hours of data in the window ({needed} needed): it is stale or had an outage, so nothing is proposed from it',
  'reclamation.noSource': 'No Prometheus is configured: idle resources cannot be judged',
  'sync.name': 'Use letters, digits, dots, underscores, colons and hyphens, starting with a letter or digit',
  'sync.copiedOverTotal': 'What was copied cannot exceed the total',
  'sync.checkedOverTotal': 'Verified and mismatched together cannot exceed the total',
  'sync.noMeasure': 'Report at least one measure: percent, rows, bytes or checksums',
  'sync.future':
    "The time of measurement is later than the server's time (5 minutes of skew allowed, latest {latest}): check the tool's clock",
  'sync.tokenInvalid':
    'The token is not valid: give the migration reporting token issued for your department as Authorization: Bearer',
  'sync.tokenRevoked': 'This token has been revoked: ask your department administrator for a new one',
  'sync.tokenExpired': 'This token has expired: ask your department administrator for a new one',
  'sync.tooManyBadTokens': 'Too many attempts with invalid tokens: try again in a minute',
  'sync.tooManyReports': 'A token may report at most {max} times a minute: report less often',
  'sync.tooLarge': 'The body is larger than {max} bytes: that is not a progress report',
  'sync.notJson': 'The body must be JSON (Content-Type: application/json)',
  'sync.systemNotAllowed':
    "This token cannot report on system {system}: it is not among the systems of the token's unit or list",
  'sync.replayed':
    'Run {run} has accepted sequence {lastSequence}; sequence {sequence} is not after it and is refused as a replay',
  'sync.replayedSame':
    'Run {run} has already accepted this same report as sequence {sequence}: no need to send it again',
  'sync.regressed':
    'In run {run}, {field} went down from the accepted {last} to {given}: progress cannot go back, refused',
  'sync.field.percent': 'the percentage done',
  'sync.field.rows.copied': 'the rows copied',
  'sync.field.bytes.copied': 'the bytes copied',
  'sync.unitOutside': 'Tokens can be issued only for units within your remit',
  'sync.systemOutside': 'System {system} does not belong to the chosen unit or is outside your remit',
  'sync.expiryRange': 'A token is valid for 1 to 365 days',
};

const CATALOGS: Record<Locale, Catalog> = { 'zh-CN': zh, en };

export type MessageKey = keyof typeof zh;
/** A parameter: text, a number, a name in both languages, or another message (a network's name). */
export type MessageParam = string | number | { zh: string; en: string } | { key: MessageKey };
export type MessageParams = Record<string, MessageParam>;

export function isMessageKey(s: string): s is MessageKey {
  return Object.hasOwn(zh, s);
}

/** The message in the locale, its {placeholders} filled; numbers formatted for the locale. */
export function message(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const fmt = new Intl.NumberFormat(locale);
  return CATALOGS[locale][key]!.replace(/\{(\w+)\}/g, (_, p: string) => {
    const v = params[p];
    if (v === undefined) return '';
    if (typeof v === 'number') return fmt.format(v);
    if (typeof v === 'string') return v;
    return 'key' in v ? message(locale, v.key) : locale === 'en' ? v.en : v.zh;
  });
}

/** Both catalogs, for the test that they hold the same keys. */
export const catalogs = CATALOGS;
