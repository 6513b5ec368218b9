"""Readable sign-in names for the demo's people: the pinyin of surname and given name, e.g. 王芳 → wang.fang.

The demo's names are built from a fixed set of characters (taizhang.demo.township), so a table of
their readings is enough; a name with a character outside it is a planning error, said loudly.
"""

from __future__ import annotations

from collections.abc import Iterable

# Every surname is one character; 曾 and 吕 as surnames read zeng and lü (written lv, as on ID cards).
READINGS = {
    "王": "wang", "李": "li", "张": "zhang", "刘": "liu", "陈": "chen", "杨": "yang", "赵": "zhao",
    "黄": "huang", "周": "zhou", "吴": "wu", "徐": "xu", "孙": "sun", "马": "ma", "朱": "zhu", "胡": "hu",
    "郭": "guo", "何": "he", "高": "gao", "林": "lin", "罗": "luo", "郑": "zheng", "梁": "liang", "谢": "xie",
    "宋": "song", "唐": "tang", "许": "xu", "韩": "han", "冯": "feng", "邓": "deng", "曹": "cao", "彭": "peng",
    "曾": "zeng", "肖": "xiao", "田": "tian", "董": "dong", "袁": "yuan", "潘": "pan", "蒋": "jiang", "蔡": "cai",
    "余": "yu", "杜": "du", "叶": "ye", "程": "cheng", "魏": "wei", "苏": "su", "吕": "lv", "丁": "ding",
    "任": "ren", "沈": "shen", "姚": "yao", "卢": "lu",
    "建": "jian", "国": "guo", "军": "jun", "伟": "wei", "强": "qiang", "磊": "lei", "洋": "yang", "勇": "yong",
    "艳": "yan", "娟": "juan", "芳": "fang", "霞": "xia", "秀": "xiu", "英": "ying", "华": "hua", "明": "ming",
    "丽": "li", "红": "hong", "玉": "yu", "兰": "lan", "志": "zhi", "刚": "gang", "海": "hai", "涛": "tao",
    "斌": "bin", "平": "ping", "辉": "hui", "鹏": "peng", "飞": "fei", "春": "chun", "梅": "mei", "桂": "gui",
    "珍": "zhen", "晓": "xiao", "东": "dong", "文": "wen", "杰": "jie", "宏": "hong", "亮": "liang", "俊": "jun",
    "峰": "feng", "金": "jin", "凤": "feng", "永": "yong", "福": "fu", "德": "de", "才": "cai", "静": "jing",
}


def reading(name: str) -> str:
    """``surname.given`` in pinyin without tones."""
    missing = [c for c in name if c not in READINGS]
    if len(name) < 2 or missing:
        raise ValueError(f"no pinyin for {name!r} (characters {missing}): add them to READINGS")
    return READINGS[name[0]] + "." + "".join(READINGS[c] for c in name[1:])


def usernames_for(names: Iterable[str]) -> dict[str, str]:
    """One username per name, in the order given; a second 王红/王宏 becomes wang.hong2."""
    taken: set[str] = set()
    usernames: dict[str, str] = {}
    for name in names:
        base = reading(name)
        username, n = base, 1
        while username in taken:
            n += 1
            username = f"{base}{n}"
        taken.add(username)
        usernames[name] = username
    return usernames
