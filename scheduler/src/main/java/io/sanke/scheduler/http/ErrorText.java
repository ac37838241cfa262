package io.sanke.scheduler.http;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user-facing text of a wire error: zh-CN first (coordinators and teachers are
 * Chinese), English when the client asks for it with {@code Accept-Language: en…}.
 * The zh-CN sentence keeps the field and the bracketed ids of the English detail.
 */
final class ErrorText {
    private static final Pattern IDS = Pattern.compile("\\[[^\\]]+]");
    private static final Map<String, String> ZH = Map.ofEntries(
            Map.entry("malformed_json", "请求体不是有效的 JSON 对象"),
            Map.entry("invalid", "字段取值无效"),
            Map.entry("unknown_reference", "引用的对象不存在"),
            Map.entry("not_found", "未找到该对象"),
            Map.entry("unauthorized", "未登录，或令牌无效、已过期"),
            Map.entry("forbidden", "当前角色无权执行此操作"),
            Map.entry("conflict", "此修改会产生排课冲突；请先解决冲突，或由协调员以 force=true 强制保存"),
            Map.entry("already_exists", "该编号已存在"),
            Map.entry("in_use", "仍被其他数据引用，不能删除"),
            Map.entry("invalid_state", "课程当前状态不允许此操作"),
            Map.entry("invalid_rows", "导入文件中有错误行，未导入任何数据"),
            Map.entry("too_large", "请求体超过大小上限"),
            Map.entry("bad_request", "请求无效"),
            Map.entry("store_failed", "存储暂不可用，请稍后重试"),
            Map.entry("internal", "服务器内部错误，请联系管理员"));

    private ErrorText() {
    }

    /** True when the client prefers English ({@code Accept-Language} starting with {@code en}). */
    static boolean english(String acceptLanguage) {
        return acceptLanguage != null && acceptLanguage.trim().toLowerCase(java.util.Locale.ROOT).startsWith("en");
    }

    /** The zh-CN sentence for a code, naming the field and carrying the ids of the English detail. */
    static String zh(String code, String field, String englishDetail) {
        StringBuilder sb = new StringBuilder(ZH.getOrDefault(code, "请求失败"));
        if (field != null) {
            sb.append("（字段 ").append(field).append("）");
        }
        Matcher m = IDS.matcher(englishDetail == null ? "" : englishDetail);
        while (m.find()) {
            sb.append(' ').append(m.group());
        }
        return sb.toString();
    }
}
