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
        ["sandbox"] = ("Demo: these results come from StatusBoard's built-in sandbox gateway, not a real payment platform.", "演示：以下结果来自 StatusBoard 内置的沙盒网关，而非真实的支付平台。"),
        ["indicator.none"] = ("All systems operational", "所有服务运行正常"),
        ["indicator.minor"] = ("Some services are slow", "部分服务响应较慢"),
        ["indicator.major"] = ("Some services are having problems", "部分服务出现故障"),
        ["indicator.critical"] = ("A major outage is affecting our services", "发生重大故障，部分服务无法使用"),
        ["banner.more"] = ("Details", "查看详情"),
        ["status.operational"] = ("Operational", "正常"),
        ["status.degraded_performance"] = ("Slow", "响应缓慢"),
        ["status.partial_outage"] = ("Partial outage", "部分中断"),
        ["status.major_outage"] = ("Outage", "服务中断"),
        ["status.under_maintenance"] = ("Maintenance", "维护中"),
        ["status.blind"] = ("No data", "暂无数据"),
        ["verdict.heading"] = ("Is it the platform, or is it me?", "是平台的问题，还是我的问题？"),
        ["verdict.platform-wide"] = ("The platform is down for everyone. It is not your phone or your network.", "平台正在发生故障，所有用户都受影响，不是您的手机或网络问题。"),
        ["verdict.regional"] = ("There is an outage in some regions.", "部分地区正在发生故障。"),
        ["verdict.regional.mine"] = ("There is an outage in your region.", "您所在的地区正在发生故障。"),
        ["verdict.maintenance"] = ("Scheduled maintenance is in progress.", "正在进行计划维护。"),
        ["verdict.investigating"] = ("Users are reporting problems and we are looking into it; our checks do not see a fault yet.", "有用户反馈问题，我们正在调查；自动检测暂未发现故障。"),
        ["verdict.local"] = ("All clear on our side: the problem is most likely on your device or network.", "平台运行正常：问题很可能出在您的设备或网络上。"),
        ["advice.heading"] = ("What to do", "建议您"),
        ["advice.check-transaction-history"] = ("Before paying again, check your transaction history: if the first payment was taken, do not pay twice.", "重新支付前，请先查看交易记录：如果第一笔已扣款，请勿重复支付。"),
        ["advice.wait-and-retry"] = ("Wait a few minutes and try again; these problems are usually fixed quickly.", "请稍等几分钟后重试，此类问题通常会很快恢复。"),
        ["advice.check-network"] = ("Check your network: switch between Wi-Fi and mobile data, or turn airplane mode on and off.", "检查网络：在 Wi-Fi 和移动数据之间切换，或开关一次飞行模式。"),
        ["advice.update-app"] = ("Update the wallet app: your version is no longer supported.", "请更新钱包应用：您的版本已不再受支持。"),
        ["advice.sign-in-again"] = ("Sign out and sign in again to refresh your session.", "退出账户后重新登录，以刷新登录状态。"),
        ["advice.contact-support"] = ("If it still fails, contact customer support and describe what you see.", "如果仍然失败，请联系客服并描述您遇到的情况。"),
        ["evidence.heading"] = ("What we see", "我们观察到"),
        ["evidence.regions-healthy"] = ("{component}: {healthy} of {total} regions healthy", "{component}：{total} 个地区中 {healthy} 个正常"),
        ["evidence.reports"] = ("{recent} user reports in the last {minutes} minutes (usually {usual})", "最近 {minutes} 分钟收到 {recent} 条用户反馈（通常为 {usual} 条）"),
        ["evidence.app-version"] = ("App version {version} is older than the oldest supported, {minimum}", "应用版本 {version} 低于最低支持版本 {minimum}"),
        ["components.heading"] = ("Services", "服务"),
        ["incidents.heading"] = ("Current incidents", "当前事件"),
        ["nav.status"] = ("Current status", "当前状态"),
        ["maintenance.heading"] = ("Maintenance", "系统维护"),
        ["maintenance.in_progress"] = ("In progress", "进行中"),
        ["maintenance.scheduled"] = ("Scheduled", "已计划"),
        ["maintenance.when"] = ("From {from} to {to}", "{from} 至 {to}"),
        ["maintenance.affects"] = ("Affects: {components}", "影响：{components}"),
        ["nav.history"] = ("Incident history", "历史事件"),
        ["history.title"] = ("Incident history", "历史事件"),
        ["history.empty"] = ("No incidents recorded.", "暂无事件记录。"),
        ["history.newer"] = ("Newer", "较新"),
        ["history.older"] = ("Older", "较早"),
        ["incident.resolved"] = ("Resolved {time}", "解决于 {time}"),
        ["incident.postmortem"] = ("Postmortem", "事后复盘"),
        ["incident.duration"] = ("lasted {minutes} min", "持续 {minutes} 分钟"),
        ["incident.notfound"] = ("There is no such incident.", "没有找到该事件。"),
        ["incident.updates"] = ("Updates", "进展"),
        ["impact.none"] = ("No impact", "无影响"),
        ["impact.minor"] = ("Minor impact", "轻微影响"),
        ["impact.major"] = ("Major impact", "严重影响"),
        ["impact.critical"] = ("Critical impact", "重大影响"),
        ["incident.title.regional"] = ("{component}: problems in {regions}", "{component}：{regions} 出现故障"),
        ["incident.title.platform-wide"] = ("{component}: problems in every region", "{component}：所有地区出现故障"),
        ["incident.status.investigating"] = ("Investigating", "调查中"),
        ["incident.status.identified"] = ("Identified", "已确认原因"),
        ["incident.status.monitoring"] = ("Monitoring", "观察中"),
        ["incident.status.resolved"] = ("Resolved", "已解决"),
        ["incident.auto.investigating"] = ("We are investigating failures detected by our checks.", "自动检测发现故障，我们正在调查。"),
        ["incident.auto.monitoring"] = ("Our checks pass again. We are monitoring.", "检测已恢复正常，我们正在观察。"),
        ["incident.auto.resolved"] = ("This incident has been resolved.", "此事件已解决。"),
        ["incident.started"] = ("Started {time}", "开始于 {time}"),
        ["uptime.label"] = ("Uptime over the last 90 days", "过去 90 天可用率"),
        ["uptime.day"] = ("{date}: {uptime} available", "{date}：可用率 {uptime}"),
        ["uptime.nodata"] = ("{date}: no data", "{date}：暂无数据"),
        ["uptime.incidents"] = ("; {count} incident(s)", "；{count} 起事件"),
        ["uptime.past"] = ("90 days ago", "90 天前"),
        ["uptime.today"] = ("Today", "今天"),
        ["regions.label"] = ("By region", "各地区"),
        ["selfcheck.heading"] = ("Check from your device", "从您的设备检查"),
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
        ["unknown"] = ("Not sure", "不确定"),
        ["updated"] = ("Updated {time}", "更新于 {time}"),
        ["language.switch"] = ("中文", "English"),
        ["footer"] = ("Machine-readable: ", "机器可读接口："),
    };

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
