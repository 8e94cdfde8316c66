using StatusBoard.Probes.Verdicts;

namespace StatusBoard.Web.Services;

/// <summary>
/// Every word a wallet user reads on the public page, in English and Simplified Chinese. The advice follows the
/// seed article: check the network, wait and retry, update the app, sign in again, contact support, and never pay
/// twice before the transaction history shows whether the first payment was taken.
/// </summary>
public static class PublicTexts
{
    public const string English = "en";
    public const string Chinese = "zh-CN";
    public static readonly IReadOnlyList<string> Languages = [English, Chinese];

    private static readonly Dictionary<string, (string En, string Zh)> Words = new(StringComparer.Ordinal)
    {
        ["title"] = ("Service status", "服务状态"),
        ["page.description"] = ("Live status of {name}'s payment services: incidents, maintenance, and whether a problem is on the platform's side or yours.", "{name}支付服务的实时状态：故障、维护，以及问题出在平台一侧还是您这一侧。"),
        ["sandbox"] = ("Demo: these results come from StatusBoard's built-in sandbox gateway, not a real payment platform.", "演示：以下结果来自 StatusBoard 内置的沙箱网关，而非真实的支付平台。"),
        ["indicator.none"] = ("All systems operational", "所有服务运行正常"),
        ["indicator.none.partly-unseen"] = ("No problems seen; some services are not being checked right now", "未发现异常；部分服务目前没有检测数据"),
        ["indicator.unknown"] = ("Status unknown: our checks are not reporting right now", "状态未知：我们的检测目前没有数据"),
        ["indicator.minor"] = ("Some services are slow or having minor problems", "部分服务响应缓慢或出现轻微异常"),
        ["indicator.major"] = ("Some services are having problems", "部分服务出现异常"),
        ["indicator.critical"] = ("A major outage is affecting our services", "服务中断，部分服务无法使用"),
        ["banner.more"] = ("Details", "查看详情"),
        ["status.operational"] = ("Operational", "正常"),
        ["status.degraded_performance"] = ("Slow", "响应缓慢"),
        ["status.partial_outage"] = ("Partial outage", "部分异常"),
        ["status.major_outage"] = ("Outage", "服务中断"),
        ["status.under_maintenance"] = ("Maintenance", "维护中"),
        ["status.blind"] = ("No data", "暂无数据"),
        ["verdict.heading"] = ("Is it the platform, or is it me?", "是平台的问题，还是我的问题？"),
        ["verdict.platform-wide"] = ("The platform is down for everyone. It is not your phone or your network.", "平台正在发生故障，所有用户都受影响，不是您的手机或网络问题。"),
        ["verdict.platform-wide.slow"] = ("The platform is slow for everyone right now; it is not down, and it is not your phone or your network.", "平台目前对所有用户响应缓慢，服务并未中断，也不是您的手机或网络问题。"),
        ["verdict.regional"] = ("There is an outage in some regions.", "部分地区正在发生故障。"),
        ["verdict.regional.slow"] = ("The service is slow in some regions; it is not down.", "部分地区服务响应缓慢，服务并未中断。"),
        ["verdict.regional.mine"] = ("There is an outage in your region.", "您所在的地区正在发生故障。"),
        ["verdict.regional.mine.slow"] = ("The service is slow in your region; it is not down.", "您所在的地区服务响应缓慢，服务并未中断。"),
        ["verdict.unknown"] = ("Our checks are not reporting right now, so we cannot tell whether the problem is on our side.", "我们的检测目前没有数据，暂时无法判断问题是否出在平台一侧。"),
        ["verdict.unknown.mine"] = ("Our checks cannot see your region right now, so we cannot tell whether the problem is on our side.", "我们的检测目前无法覆盖您所在的地区，暂时无法判断问题是否出在平台一侧。"),
        ["verdict.maintenance"] = ("Scheduled maintenance is in progress.", "正在进行计划维护。"),
        ["verdict.investigating"] = ("Users on many networks are reporting problems and we are looking into it; our checks do not see a fault yet.", "多个网络的用户反馈了问题，我们正在排查；自动检测暂未发现异常。"),
        ["verdict.local"] = ("All clear on our side: the problem is most likely on your device or network.", "平台运行正常：问题很可能出在您的设备或网络上。"),
        ["verdict.local.elsewhere"] = ("Your region looks fine; there are problems in other regions (see below). If it still fails, the cause is most likely on your device or network.", "您所在的地区运行正常；其他地区出现异常（见下方）。如果仍然失败，问题很可能出在您的设备或网络上。"),
        ["advice.heading"] = ("What to do", "建议您"),
        ["advice.funds-safe"] = ("Your money is safe: a payment that was charged but not completed is returned to you.", "您的资金安全：已扣款但未完成的支付，款项会退回。"),
        ["advice.check-transaction-history"] = ("Before paying again, check your transaction history: if the payment was charged, do not pay again; if it was not charged, it is safe to pay again.", "重新支付前，请先查看交易记录：如已扣款，请勿重复支付；如未扣款，可以放心重新支付。"),
        ["advice.wait-and-retry"] = ("Wait a few minutes and try again; these problems are usually fixed quickly.", "请稍等几分钟后重试，此类问题通常会很快恢复。"),
        ["advice.check-network"] = ("Check your network: switch between Wi-Fi and mobile data, turn airplane mode on and off, or restart your router.", "检查网络：在 Wi-Fi 和移动数据之间切换、开关一次飞行模式，或重启路由器。"),
        ["advice.update-app"] = ("Update the wallet app to the latest version from your app store; older versions may no longer be supported.", "请从应用商店将钱包应用更新到最新版本，旧版本可能已不再受支持。"),
        ["advice.sign-in-again"] = ("Sign out and sign in again to refresh your session.", "退出账户后重新登录，以刷新登录状态。"),
        ["advice.contact-support"] = ("If it still fails, contact customer support with the time, the amount, the order number and a screenshot.", "如果仍然失败，请联系客服，并提供支付时间、金额、订单号和截图。"),
        ["advice.allow-extra-time"] = ("Payments may take longer than usual: wait for the result instead of paying again.", "支付可能比平时慢：请耐心等待结果，不要重复支付。"),
        ["advice.watch-announcements"] = ("Watch the wallet's official announcements for news of the fix.", "请关注平台官方公告，了解恢复进展。"),
        ["advice.check-credentials"] = ("Check your payment password or verification code, and do not try again and again: repeated failures can lock your account.", "请核对支付密码或验证码，不要反复重试：多次失败可能导致账户被锁定。"),
        ["evidence.heading"] = ("What we see", "我们观察到"),
        ["evidence.regions-healthy"] = ("{component}: {healthy} of {total} regions healthy", "{component}：{total} 个地区中 {healthy} 个正常"),
        ["evidence.reports"] = ("{recent} user reports from {networks} networks in the last {minutes} minutes (usually {usual})", "最近 {minutes} 分钟收到来自 {networks} 个网络的 {recent} 条用户反馈（通常约 {usual} 条）"),
        ["evidence.component-blind"] = ("{component}: no region is reporting right now", "{component}：目前没有任何地区的检测数据"),
        ["evidence.region-blind"] = ("No results from {region} right now", "目前没有来自{region}的检测结果"),
        ["evidence.failing-elsewhere"] = ("{component}: problems in {regions}, not in {region}", "{component}：{regions}出现异常，{region}正常"),
        ["evidence.maintenance"] = ("{component}: under maintenance", "{component}：维护中"),
        ["evidence.app-version"] = ("App version {version} is older than the oldest supported, {minimum}", "应用版本 {version} 低于最低支持版本 {minimum}"),
        ["components.heading"] = ("Services", "服务"),
        ["group.count"] = ("({count} services)", "（{count} 项服务）"),
        ["incidents.heading"] = ("Current incidents", "当前故障"),
        ["nav.status"] = ("Current status", "当前状态"),
        ["maintenance.heading"] = ("Maintenance", "系统维护"),
        ["maintenance.in_progress"] = ("In progress", "进行中"),
        ["maintenance.scheduled"] = ("Scheduled", "即将进行"),
        ["maintenance.verifying"] = ("Verifying", "验证中"),
        ["maintenance.completed"] = ("Completed", "已完成"),
        ["badge.uptime"] = ("{component} uptime", "{component}可用率"),
        ["badge.label"] = ("status", "状态"),
        ["badge.unknown"] = ("unknown service", "未知服务"),
        ["feed.title"] = ("{page}: incident history", "{page}：历史故障"),
        ["feed.title.component"] = ("{page}: {component} incident history", "{page}：{component}历史故障"),
        ["feed.description"] = ("Incidents and maintenance, as the status page shows them", "状态页公布的故障与维护"),
        ["maintenance.when"] = ("From {from} to {to}", "{from} 至 {to}"),
        ["maintenance.affects"] = ("Affects: {components}", "影响：{components}"),
        ["nav.history"] = ("Incident history", "历史故障"),
        ["history.title"] = ("Incident history", "历史故障"),
        ["error.missing.title"] = ("Page not found", "页面不存在"),
        ["error.missing.text"] = ("There is no page at this address. It may have moved, or the link may be mistyped.", "此地址没有对应的页面，可能已被移动，或链接有误。"),
        ["error.limited.title"] = ("Too many requests", "访问过于频繁"),
        ["error.limited.text"] = ("This page has been asked for too often from your network just now. Please wait a moment and try again.", "您所在的网络刚才访问本页面过于频繁，请稍等片刻再试。"),
        ["error.failed.title"] = ("Something went wrong on our side", "服务器出现异常"),
        ["error.failed.text"] = ("This page could not be shown because of a problem on our side. Please try again in a moment.", "由于服务器一侧的问题，本页面暂时无法显示，请稍后再试。"),
        ["error.refused.title"] = ("This request cannot be answered", "无法处理此请求"),
        ["error.refused.text"] = ("The address or what was sent with it is not one this page understands. Please go back to the status page.", "此地址或提交的内容无法识别，请返回服务状态页。"),
        ["error.retry-after"] = ("You can try again in {seconds} seconds.", "您可以在 {seconds} 秒后重试。"),
        ["error.request-id"] = ("If you contact support about this, give this reference:", "如需联系客服，请提供此编号："),
        ["error.back"] = ("See the service status", "查看服务状态"),
        ["history.empty"] = ("No incidents recorded.", "暂无故障记录。"),
        ["history.newer"] = ("Newer", "上一页"),
        ["history.older"] = ("Older", "下一页"),
        ["incident.resolved"] = ("Resolved {time}", "已恢复 {time}"),
        ["incident.postmortem"] = ("Postmortem", "故障说明"),
        ["written.fallback"] = ("(written in Chinese only)", "（仅有英文版）"),
        ["incident.duration"] = ("lasted {minutes} min", "持续 {minutes} 分钟"),
        ["incident.notfound"] = ("There is no such incident.", "没有找到该故障。"),
        ["incident.updates"] = ("Updates", "进展"),
        ["impact.none"] = ("No impact", "无影响"),
        ["impact.minor"] = ("Minor impact", "轻微影响"),
        ["impact.major"] = ("Major impact", "较大影响"),
        ["impact.critical"] = ("Critical impact", "严重影响"),
        ["incident.title.regional"] = ("{component}: problems in {regions}", "{component}：{regions}出现故障"),
        ["incident.title.platform-wide"] = ("{component}: problems in every region", "{component}：所有地区出现故障"),
        ["incident.title.regional.slow"] = ("{component}: slow in {regions}", "{component}：{regions}响应缓慢"),
        ["incident.title.platform-wide.slow"] = ("{component}: slow in every region", "{component}：所有地区响应缓慢"),
        ["incident.status.investigating"] = ("Investigating", "排查中"),
        ["incident.status.identified"] = ("Identified", "已定位原因"),
        ["incident.status.monitoring"] = ("Monitoring", "已修复，观察中"),
        ["incident.status.resolved"] = ("Resolved", "已恢复"),
        ["incident.auto.investigating"] = ("We are investigating failures detected by our checks.", "自动检测发现异常，我们正在排查。"),
        ["incident.auto.monitoring"] = ("Our checks pass again. We are monitoring.", "检测已恢复正常，我们正在观察。"),
        ["incident.auto.resolved"] = ("This incident has been resolved.", "此故障已恢复。"),
        ["incident.now"] = ("Now: {parts}.", "目前：{parts}。"),
        ["incident.now.failing"] = ("{components} failing in {regions}", "{components}在{regions}出现异常"),
        ["incident.now.slow"] = ("{components} slow in {regions}", "{components}在{regions}响应缓慢"),
        ["incident.started"] = ("Started {time}", "开始于 {time}"),
        ["latency.summary"] = ("Response time over the last 24 hours: {p50} ms median now, 95% within {p95} ms (at most {p95max} ms)", "近 24 小时响应时间：当前中位数 {p50} 毫秒，95% 的请求在 {p95} 毫秒内（最高 {p95max} 毫秒）"),
        ["uptime.label"] = ("Uptime over the last 90 days", "过去 90 天可用率"),
        ["uptime.day"] = ("{date}: {uptime} available", "{date}：可用率 {uptime}"),
        ["uptime.nodata"] = ("{date}: no data", "{date}：暂无数据"),
        ["uptime.partial"] = (" (watched {hours} of {of} hours)", "（仅覆盖 {of} 小时中的 {hours} 小时）"),
        ["uptime.incidents"] = ("; {count} incident(s)", "；{count} 起故障"),
        ["uptime.past"] = ("90 days ago", "90 天前"),
        ["uptime.today"] = ("Today", "今天"),
        ["regions.label"] = ("By region", "各地区"),
        ["selfcheck.heading"] = ("Check from your device", "本机自助检测"),
        ["selfcheck.region"] = ("Your region", "您所在的地区"),
        ["selfcheck.version"] = ("App version (optional)", "应用版本（可选）"),
        ["selfcheck.run"] = ("Check now", "立即检查"),
        ["selfcheck.nojs"] = ("Turn on JavaScript to check from your own device; the verdict above is for the whole platform.", "开启 JavaScript 后可从您的设备检查；上方结论针对整个平台。"),
        ["selfcheck.online"] = ("Your device is online", "您的设备已联网"),
        ["selfcheck.offline"] = ("Your device is offline", "您的设备未联网"),
        ["selfcheck.roundtrip"] = ("Round trip to this page: {ms} ms", "到本页面的往返时间：{ms} 毫秒"),
        ["selfcheck.unreachable"] = ("This page could not be reached just now", "刚才无法连接本页面"),
        ["selfcheck.ping"] = ("The payment platform answers from your device in {ms} ms", "从您的设备访问支付平台：{ms} 毫秒"),
        ["selfcheck.ping.failed"] = ("The payment platform could not be reached from your device", "从您的设备无法访问支付平台"),
        ["selfcheck.ping.but-outage"] = ("Your device reaches the payment platform ({ms} ms), but our checks see it failing: the problem is on our side, not your network.", "您的设备可以连接支付平台（{ms} 毫秒），但我们的检测发现平台异常：问题出在平台一侧，不是您的网络。"),
        ["selfcheck.ping.but-healthy"] = ("Your device could not reach the payment platform, while our checks from your region see it working: the cause is most likely your network.", "您的设备无法连接支付平台，而我们在您所在地区的检测显示平台正常：问题很可能出在您的网络。"),
        ["subscribe.heading"] = ("Get updates", "订阅更新"),
        ["subscribe.intro"] = ("Be told when an incident starts, changes and ends, and before planned maintenance.", "在故障发生、有进展和恢复时，以及计划维护之前收到通知。"),
        ["subscribe.feeds"] = ("Or follow the feed:", "或订阅消息源："),
        ["subscribe.email"] = ("E-mail address", "电子邮箱"),
        ["subscribe.components"] = ("Only for (none ticked: every service)", "仅订阅（不勾选即全部服务）"),
        ["subscribe.send"] = ("Subscribe", "订阅"),
        ["subscribe.all-components"] = ("every service", "全部服务"),
        ["subscribe.invalid"] = ("The subscription could not be taken; please check the fields.", "订阅未能完成，请检查填写内容。"),
        ["subscribe.error.email"] = ("Enter an e-mail address such as name@example.com.", "请输入有效的电子邮箱，例如 name@example.com。"),
        ["subscribe.error.unavailable"] = ("E-mail updates are not offered on this page yet; please follow the feed instead.", "本页暂不提供邮件通知，请改用消息源订阅。"),
        ["subscribe.error.components"] = ("Choose from the services listed.", "请从列出的服务中选择。"),
        ["subscribe.error.lang"] = ("Choose English or Chinese.", "请选择中文或英文。"),
        ["subscribe.error.webhook"] = ("Enter a webhook address.", "请输入 Webhook 地址。"),
        ["subscribe.page.form.title"] = ("Subscribe to updates", "订阅更新"),
        ["subscribe.page.pending.title"] = ("Check your inbox", "请查收邮件"),
        ["subscribe.page.pending.text"] = ("If the address can receive mail, a message with a link to confirm is on its way. The link works for 24 hours; until you confirm, nothing else is sent.", "如果该邮箱可以收信，一封带确认链接的邮件正在发送。链接 24 小时内有效；确认之前不会发送任何其他邮件。"),
        ["subscribe.page.confirm.title"] = ("Confirm your subscription", "确认订阅"),
        ["subscribe.page.confirm.text"] = ("Confirm to be told of incidents and planned maintenance by e-mail. Every message has a link to stop them.", "确认后，您将通过邮件收到故障和计划维护的通知。每封邮件都附有退订链接。"),
        ["subscribe.page.confirm.button"] = ("Confirm subscription", "确认订阅"),
        ["subscribe.page.confirmed.title"] = ("You are subscribed", "订阅成功"),
        ["subscribe.page.confirmed.text"] = ("You will be told by e-mail when an incident starts, changes and ends, and before planned maintenance.", "故障发生、有进展和恢复时，以及计划维护之前，我们会发邮件通知您。"),
        ["subscribe.page.expired.title"] = ("This link has expired", "链接已过期"),
        ["subscribe.page.expired.text"] = ("Confirmation links work for 24 hours. Subscribe again on the status page to get a new one.", "确认链接 24 小时内有效。请在状态页重新订阅以获取新链接。"),
        ["subscribe.page.invalid.title"] = ("This link does not work", "链接无效"),
        ["subscribe.page.invalid.text"] = ("It may be incomplete, or the subscription has already ended. Nothing was changed.", "链接可能不完整，或订阅已经取消。没有做任何更改。"),
        ["subscribe.page.unsubscribe.title"] = ("Stop the updates", "退订通知"),
        ["subscribe.page.unsubscribe.text"] = ("No more e-mail about incidents and maintenance will be sent to this address.", "退订后，将不再向该邮箱发送故障和维护通知。"),
        ["subscribe.page.unsubscribe.button"] = ("Unsubscribe", "退订"),
        ["subscribe.page.unsubscribed.title"] = ("You are unsubscribed", "已退订"),
        ["subscribe.page.unsubscribed.text"] = ("No more updates will be sent. You can subscribe again on the status page at any time.", "今后不会再发送通知。您可以随时在状态页重新订阅。"),
        ["subscribe.mail.confirm.subject"] = ("Confirm your subscription to status updates", "请确认订阅服务状态通知"),
        ["subscribe.mail.confirm.text"] = ("Someone, hopefully you, asked to be told by e-mail of incidents and planned maintenance of {components} on {page}.\n\nTo confirm, open this link within {hours} hours:\n{link}\n\nIf it was not you, ignore this message: nothing more will be sent.\n", "有人（希望是您本人）申请通过邮件接收{page}中{components}的故障和计划维护通知。\n\n请在 {hours} 小时内打开以下链接确认：\n{link}\n\n如果不是您本人操作，请忽略本邮件，我们不会再发送任何邮件。\n"),
        ["subscribe.mail.affects"] = ("Affects: {components}", "影响范围：{components}"),
        ["subscribe.mail.more"] = ("Details: {link}", "详情：{link}"),
        ["subscribe.mail.footer"] = ("You get this because you subscribed to updates of {components} on {page}.\nUnsubscribe with one click: {link}", "您收到这封邮件，是因为您订阅了{page}中{components}的状态通知。\n一键退订：{link}"),
        ["report.heading"] = ("Having a problem paying?", "支付遇到问题？"),
        ["report.component"] = ("Service", "服务"),
        ["report.symptom"] = ("What happens", "遇到的情况"),
        ["report.symptom.payment-failed"] = ("Payment failed", "支付失败"),
        ["report.symptom.payment-slow"] = ("Payment is slow", "支付缓慢"),
        ["report.symptom.wrong-amount"] = ("Wrong amount or balance", "金额或余额不对"),
        ["report.symptom.cannot-sign-in"] = ("Cannot sign in", "无法登录"),
        ["report.symptom.other"] = ("Something else", "其他问题"),
        ["report.text"] = ("Anything else we should know (optional, no card numbers or passwords)", "补充说明（可选，请勿填写卡号或密码）"),
        ["report.send"] = ("Report the problem", "提交反馈"),
        ["report.thanks"] = ("Thank you, your report is counted.", "感谢您的反馈，我们已记录。"),
        ["report.limited"] = ("Your report is already counted; please try again in a few minutes.", "您的反馈已记录，请几分钟后再试。"),
        ["report.invalid"] = ("The report could not be sent; please check the fields.", "反馈未能提交，请检查填写内容。"),
        ["report.error.component"] = ("Choose the service you had trouble with.", "请选择遇到问题的服务。"),
        ["report.error.symptom"] = ("Choose what happens.", "请选择遇到的情况。"),
        ["report.error.region"] = ("Choose your region from the list, or leave it as Not sure.", "请从列表中选择地区，或选择“不确定”。"),
        ["report.error.appVersion"] = ("Give the app version as numbers and dots, such as 5.2.1, or leave it empty.", "请按数字加点的格式填写应用版本（如 5.2.1），或留空。"),
        ["report.error.text"] = ("Keep it to {max} characters of plain text.", "请控制在 {max} 字以内，且只填写普通文字。"),
        ["unknown"] = ("Not sure", "不确定"),
        ["updated"] = ("Updated {time}", "更新于 {time}"),
        ["language.switch"] = ("中文", "English"),
        ["footer"] = ("For developers: ", "开发者接口："),
    };

    /// <summary>
    /// The sentence for a verdict: slowness is never worded as an outage, a region nobody sees is said to be unseen,
    /// and a healthy region with trouble elsewhere is told so. <c>status.js</c> makes the same choice.
    /// </summary>
    public static string VerdictKey(VerdictResult verdict, bool forUsersRegion)
    {
        var slow = verdict.Impact == VerdictImpact.Slow ? ".slow" : "";
        return verdict.Verdict switch
        {
            VerdictKind.PlatformWide => "verdict.platform-wide" + slow,
            VerdictKind.Regional => "verdict.regional" + (forUsersRegion ? ".mine" : "") + slow,
            VerdictKind.Unknown => verdict.Reasons.Contains("region-blind") ? "verdict.unknown.mine" : "verdict.unknown",
            VerdictKind.Local when verdict.Reasons.Contains("failing-elsewhere") => "verdict.local.elsewhere",
            _ => "verdict." + verdict.Verdict.ToWire(),
        };
    }

    /// <summary>
    /// The banner's sentence: the indicator's, except that "all systems operational" is said only of what is seen —
    /// not when every component is blind, and with a word when some are.
    /// </summary>
    public static string IndicatorKey(string indicator, IReadOnlyList<Probes.Health.ComponentHealth> components) =>
        indicator != "none" || !components.Any(c => c.Status == Probes.Health.HealthStatus.Blind) ? "indicator." + indicator
        : components.All(c => c.Status == Probes.Health.HealthStatus.Blind) ? "indicator.unknown"
        : "indicator.none.partly-unseen";

    /// <summary>The advice heading and every piece of advice, for the self-check script.</summary>
    public static IEnumerable<string> AdviceKeys => Words.Keys.Where(key => key.StartsWith("advice.", StringComparison.Ordinal));

    /// <summary>Every verdict sentence key, for the self-check script.</summary>
    public static IEnumerable<string> VerdictKeys => Words.Keys.Where(key => key.StartsWith("verdict.", StringComparison.Ordinal) && key != "verdict.heading");

    public static string Get(string language, string key) =>
        Words.TryGetValue(key, out var text) ? (language == Chinese ? text.Zh : text.En) : key;

    public static string Format(string language, string key, IReadOnlyDictionary<string, object> values) =>
        values.Aggregate(Get(language, key), (text, pair) => text.Replace("{" + pair.Key + "}", Convert.ToString(pair.Value, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

    /// <summary>Every key has both languages: used by a test so no word is left untranslated.</summary>
    public static IEnumerable<(string Key, string En, string Zh)> All => Words.Select(pair => (pair.Key, pair.Value.En, pair.Value.Zh));

    /// <summary>The language from <c>?lang=</c>, then the <c>lang</c> cookie, then <c>Accept-Language</c>; English otherwise.</summary>
    public static string Choose(string? query, string? cookie, string? acceptLanguage)
    {
        foreach (var candidate in new[] { query, cookie })
        {
            if (Normalize(candidate) is { } chosen)
            {
                return chosen;
            }
        }

        var preferred = (acceptLanguage ?? "").Split(',')
            .Select(part => part.Split(';'))
            .Select(part => (Tag: part[0].Trim(), Q: part.Length > 1 && part[1].Trim().StartsWith("q=", StringComparison.Ordinal)
                && double.TryParse(part[1].Trim()[2..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var q) ? q : 1.0))
            .OrderByDescending(x => x.Q)
            .Select(x => Normalize(x.Tag))
            .FirstOrDefault(tag => tag is not null);
        return preferred ?? English;
    }

    private static string? Normalize(string? tag) => tag?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        var t when t.StartsWith("zh", StringComparison.Ordinal) => Chinese,
        var t when t.StartsWith("en", StringComparison.Ordinal) => English,
        _ => null,
    };
}
