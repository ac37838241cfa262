package io.sanke.signaling.api;

/**
 * The wire error codes of the signaling protocol, each with its zh-CN text for pages.
 * The table in docs/protocol.md lists when each is sent.
 */
public enum ErrorCode {
    BAD_JSON("消息不是有效的 JSON 对象"),
    BAD_VERSION("协议版本不受支持"),
    UNKNOWN_TYPE("未知的消息类型"),
    BAD_MESSAGE("消息字段缺失或无效"),
    TOO_LARGE("消息过大"),
    NOT_JOINED("请先加入课堂"),
    ALREADY_JOINED("已经加入课堂"),
    BAD_TOKEN("课堂令牌无效"),
    TOKEN_EXPIRED("课堂令牌已过期"),
    WRONG_LESSON("令牌不属于本节课"),
    ROOM_NOT_OPEN("课堂尚未开放或已结束"),
    RESUME_EXPIRED("重连已超时，请重新加入"),
    FORBIDDEN("当前角色无权执行此操作"),
    NOT_FOUND("找不到指定的参与者或媒体"),
    NOT_PUBLISHED("发送的媒体未先声明发布"),
    ALREADY_PUBLISHED("该媒体已在发布"),
    CHAT_TOO_LONG("聊天消息过长"),
    BAD_SDP("媒体协商失败"),
    MEDIA_UNAVAILABLE("媒体服务器不可用"),
    ROOM_CLOSED("课堂已结束"),
    INTERNAL("服务器内部错误");

    private final String zh;

    ErrorCode(String zh) {
        this.zh = zh;
    }

    /** The short zh-CN text shown to teachers. */
    public String zh() {
        return zh;
    }
}
