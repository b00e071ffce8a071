/* Message catalogs; see i18n.h. Web layer. */
#include "web/i18n.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct msg {
    const char *id; /* message ID */
    const char *zh; /* Chinese text */
    const char *en; /* English text */
};

static struct msg catalog[] = {
    { "app.name", "台账", "Taizhang" },
    { "app.tagline", "组织人事工作台账系统", "Work ledger for organization departments" },
    { "nav.home", "首页", "Home" },
    { "nav.units", "单位", "Units" },
    { "nav.people", "人员", "People" },
    { "nav.accounts", "账号", "Accounts" },
    { "nav.login", "登录", "Log in" },
    { "nav.logout", "退出", "Log out" },
    { "nav.lang", "English", "中文" },
    { "nav.skip", "跳到正文", "Skip to content" },
    { "login.title", "登录", "Log in" },
    { "login.login", "用户名", "Login" },
    { "login.password", "密码", "Password" },
    { "login.submit", "登录", "Log in" },
    { "login.failed", "用户名或密码不正确", "Wrong login or password" },
    { "home.title", "工作台", "Dashboard" },
    { "home.welcome", "欢迎", "Welcome" },
    { "home.scope", "您的管理范围", "Your scope" },
    { "home.role", "角色", "Role" },
    { "unit.tree", "单位树", "Unit tree" },
    { "unit.code", "代码", "Code" },
    { "unit.name", "名称", "Name" },
    { "unit.kind", "类别", "Kind" },
    { "unit.parent", "上级单位", "Parent unit" },
    { "unit.persons", "本单位人数", "People in unit" },
    { "unit.total", "含下级人数", "People in subtree" },
    { "unit.children", "下级单位", "Units below" },
    { "unit.up", "上一级", "Up one level" },
    { "unit.add", "新增下级单位", "Add a unit below" },
    { "unit.added", "已新增单位", "Unit added" },
    { "unit.none", "没有下级单位", "No units below" },
    { "kind.province", "省级", "Province" },
    { "kind.city", "市级", "City" },
    { "kind.county", "县级", "County" },
    { "kind.township", "乡镇", "Township" },
    { "kind.department", "部门", "Department" },
    { "kind.office", "处室/科室", "Office" },
    { "kind.other", "其他", "Other" },
    { "person.name", "姓名", "Name" },
    { "person.position", "职务", "Position" },
    { "person.unit", "所在单位", "Unit" },
    { "person.account", "账号", "Account" },
    { "person.list", "人员名单", "People" },
    { "person.add", "新增人员", "Add a person" },
    { "person.added", "已新增人员", "Person added" },
    { "person.none", "本单位暂无人员", "Nobody in this unit yet" },
    { "person.title", "人员信息", "Person" },
    { "role.admin", "系统管理员", "Administrator" },
    { "role.unit_admin", "单位管理员", "Unit administrator" },
    { "role.leader", "领导", "Leader" },
    { "role.staff", "工作人员", "Staff" },
    { "role.supervisor", "督查人员", "Supervisor" },
    { "role.cadre", "干部", "Cadre" },
    { "account.login", "用户名", "Login" },
    { "account.role", "角色", "Role" },
    { "account.state", "状态", "State" },
    { "account.active", "正常", "Active" },
    { "account.disabled", "已停用", "Disabled" },
    { "form.save", "保存", "Save" },
    { "form.optional", "(选填)", "(optional)" },
    { "page.prev", "上一页", "Previous" },
    { "page.next", "下一页", "Next" },
    { "page.of", "共", "of" },
    { "page.items", "条", "items" },
    { "err.title", "出错了", "Something went wrong" },
    { "err.back", "返回", "Go back" },
    { "err.required", "必填", "is required" },
    { "err.too_long", "过长,最多字符数", "is too long; maximum characters" },
    { "err.bad_utf8", "不是有效的 UTF-8 文本", "is not valid UTF-8 text" },
    { "err.control_char", "含有不允许的控制字符", "contains a control character" },
    { "err.bad_enum", "取值无效,可选", "is not an allowed value; one of" },
    { "err.code_format", "只能是 1-32 个字母、数字、下划线或连字符",
      "must be 1-32 letters, digits, '_' or '-'" },
    { "err.login_format", "只能是 2-32 个小写字母、数字或 _ . -",
      "must be 2-32 lower-case letters, digits or _ . -" },
    { "err.password_short", "太短,最少字符数", "is too short; minimum characters" },
    { "err.not_found", "不存在或不在您的管理范围内", "does not exist or is outside your scope" },
    { "err.duplicate", "已被使用", "is already in use" },
    { "err.parent_unknown", "上级单位不存在或不在您的管理范围内", "names no unit in your scope" },
    { "err.cycle", "不能移到自己或自己的下级单位之下", "cannot move a unit below itself" },
    { "err.too_deep", "单位层级过深", "makes the unit tree too deep" },
    { "err.root_forbidden", "只有全省范围的管理员可以操作顶级单位",
      "only an administrator over the whole tree may change a top unit" },
    { "err.forbidden", "您的角色无权执行此操作", "your role may not do this" },
    { "err.has_account", "此人已有账号", "already has an account" },
    { "err.internal", "服务器内部错误,请稍后再试", "internal error; please try again later" },
    { "err.bad_json", "请求体不是有效的 JSON 对象", "the body is not a valid JSON object" },
    { "err.bad_type", "类型不正确", "has the wrong type" },
    { "err.csrf", "表单已过期或来源无效,请刷新页面后重试",
      "the form expired or came from elsewhere; reload the page and try again" },
    { "err.too_large", "请求体过大", "the request body is too large" },
    { "err.throttled", "尝试次数过多,请稍后再试", "too many attempts; try again later" },
    { "err.unauthorized", "请先登录或提供有效的令牌", "log in or give a valid token" },
    { "err.no_route", "页面不存在", "no such page" },
    { "err.method", "不支持此请求方法", "method not allowed" },
    { "err.bad_date", "不是有效日期(格式 YYYY-MM-DD)", "is not a date (YYYY-MM-DD)" },
    { "err.range", "超出允许范围", "is out of range" },
    { "err.not_below", "不是本单位的下级单位", "is not a unit below the task's lead unit" },
    { "err.not_holder", "本单位不是该任务的承办单位", "your unit does not hold this task" },
    { "err.own_report", "应由交办单位验收,不能验收本单位的报告",
      "only the assigning level may decide; not one's own report" },
    { "err.not_reported", "任务尚未报告完成", "the task has not been reported done" },
    { "err.task_closed", "任务已验收办结", "the task is already accepted" },
    { "err.bad_request", "请求格式不正确", "malformed request" },
};

static pthread_once_t sorted = PTHREAD_ONCE_INIT;

static int by_id(const void *a, const void *b)
{
    return strcmp(((const struct msg *)a)->id, ((const struct msg *)b)->id);
}

static void sort_catalog(void)
{
    qsort(catalog, sizeof(catalog) / sizeof(catalog[0]), sizeof(catalog[0]), by_id);
}

void i18n_init(void)
{
    pthread_once(&sorted, sort_catalog);
}

const char *i18n(enum lang lang, const char *id)
{
    i18n_init();
    struct msg key = { .id = id };
    const struct msg *m =
        bsearch(&key, catalog, sizeof(catalog) / sizeof(catalog[0]), sizeof(catalog[0]), by_id);
    if (!m)
        return id;
    return lang == LANG_EN ? m->en : m->zh;
}

const char *lang_code(enum lang lang)
{
    return lang == LANG_EN ? "en" : "zh";
}
