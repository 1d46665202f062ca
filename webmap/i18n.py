"""The interface language: Chinese by default, English by a switch (``?lang=en``, kept in the session).

Pages read ``lang`` and ``t(key)`` in their templates; the texts of sign-in and the common frame are
here, each page's own texts stay with its page.
"""
from flask import request, session

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
TEXTS = {
    "app_name": {"zh": "网格化社会治理", "en": "Grid governance"},
    "sign_in": {"zh": "登录", "en": "Sign in"},
    "sign_out": {"zh": "退出", "en": "Sign out"},
    "username": {"zh": "用户名", "en": "Username"},
    "password": {"zh": "密码", "en": "Password"},
    "wrong_password": {"zh": "用户名或密码错误", "en": "Wrong username or password"},
    "locked_out": {"zh": "登录失败次数过多，请15分钟后再试，或联系管理员解锁",
                   "en": "Too many failed sign-ins: try again in 15 minutes, or ask an administrator to unlock"},
    "sign_in_first": {"zh": "请先登录", "en": "Please sign in"},
    "other_lang": {"zh": "English", "en": "中文"},
    "change_password": {"zh": "修改密码", "en": "Change password"},
    "current_password": {"zh": "当前密码", "en": "Current password"},
    "new_password": {"zh": "新密码", "en": "New password"},
    "new_password_again": {"zh": "再次输入新密码", "en": "New password again"},
    "password_rule": {"zh": "至少10个字符，不能是常见密码，不能与用户名相同。修改后其他设备上的登录将失效。",
                      "en": "At least 10 characters, not a common password, not the username. Other devices are "
                            "signed out."},
    "password_changed": {"zh": "密码已修改，其他设备上的登录已失效", "en": "Password changed; other devices are signed out"},
    "passwords_differ": {"zh": "两次输入的新密码不一致", "en": "The new passwords differ"},
    "wrong_current": {"zh": "当前密码不正确", "en": "The current password is wrong"},
    "back": {"zh": "返回", "en": "Back"},
}


def current_lang():
    """``?lang=`` when given (and remembered in the session), else the session's, else Chinese."""
    asked = request.args.get("lang")
    if asked in LANGS:
        session["lang"] = asked
    return session.get("lang", DEFAULT_LANG)


def translate(key):
    """The text ``key`` in the current language (the key itself when unknown)."""
    return TEXTS.get(key, {}).get(current_lang(), key)


def template_context():
    """What every template gets: ``lang``, ``other_lang`` (for the switch) and ``t``."""
    lang = current_lang()
    return {"lang": lang, "other_lang": "en" if lang == "zh" else "zh", "t": translate}
