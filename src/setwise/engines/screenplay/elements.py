"""Suggested breakdown elements per scene, in every supported language, with the words that triggered them.

The word lists below are data: one table per language, ``category -> entries``; an entry is
``"name: trigger, trigger"`` (the name is a trigger too). Latin-script words match whole words, case-insensitive,
with plural/possessive endings (English ``s``/``es``, Indonesian ``-nya``); Korean, Japanese, Chinese and Thai
words match as substrings (no spaces between words; Korean particles attach to nouns). Each language's table
is compiled once into one regular expression with a named group per category (a trie, so a scan is one pass).
Cast comes from the characters present in the scene; minors also from ages written after a name (``(9)``,
``(9세)``, ``（9歳）``, ``9-year-old``).
"""

# ruff: noqa: E501 - word lists and sample text are data, kept one entry per line
from __future__ import annotations

import re
from collections.abc import Iterable

from .model import Suggestion

CATEGORIES = (
    "cast", "extras", "props", "vehicles", "animals", "weapons", "stunts", "vfx", "sfx", "makeup", "wardrobe",
    "minors", "intimacy",
)  # fmt: skip

EN: dict[str, list[str]] = {
    "extras": [
        "crowd: crowds, onlookers, bystanders",
        "passers-by: passersby, pedestrians",
        "guests",
        "customers",
        "diners",
        "patrons",
        "commuters",
        "students",
        "audience: spectators",
        "soldiers",
        "protesters",
        "partygoers",
        "shoppers",
        "mourners",
        "tourists",
        "workers",
        "villagers",
        "fans",
    ],
    "props": [
        "phone: cell phone, smartphone, mobile",
        "laptop: computer",
        "letter: envelope",
        "photo: photograph",
        "bag: briefcase, suitcase, backpack",
        "cup: mug, coffee",
        "bottle: wine, beer, soju",
        "key: keys",
        "ring: wedding ring",
        "book: notebook, diary",
        "camera",
        "umbrella",
        "cigarette: lighter",
        "money: cash, wallet",
        "newspaper",
        "flowers: bouquet",
        "glass: glasses",
        "cake",
        "documents",
    ],
    "vehicles": [
        "car: sedan, taxi, cab",
        "bus",
        "truck: van",
        "motorcycle: motorbike, scooter",
        "bicycle: bike",
        "train: subway",
        "ambulance",
        "police car: squad car",
        "boat: ferry",
        "helicopter",
        "plane",
    ],
    "animals": ["dog: puppy", "cat: kitten", "horse", "bird: birds, pigeon", "fish", "chicken", "cow", "snake"],
    "weapons": [
        "gun: pistol, revolver, handgun",
        "rifle: shotgun",
        "knife: blade, dagger",
        "sword",
        "bat",
        "grenade",
        "bomb",
        "crossbow",
    ],
    "stunts": [
        "fight: fights, punches, punch, kicks",
        "fall: falls, tumbles",
        "chase: chases",
        "jumps: leaps",
        "crash: crashes, collides",
        "explosion: explodes",
        "thrown: hurls",
        "car chase",
        "struggle",
        "tackles: tackle",
    ],
    "vfx": [
        "screen insert",
        "hologram",
        "green screen",
        "monster: creature",
        "ghost: spirit",
        "transforms: transformation",
        "explosion: blast",
        "crowd replication",
        "magic: spell",
    ],
    "sfx": [
        "rain: downpour",
        "snow",
        "smoke: fog, mist",
        "fire: flames, burning",
        "wind",
        "sparks",
        "breakaway glass",
        "gunshot: gunfire, shots",
        "lightning",
    ],
    "makeup": [
        "blood: bloody, bleeding, bleeds",
        "wound: wounds, bruise, bruised, scar",
        "tears: crying",
        "sweat: sweating",
        "tattoo",
        "aged makeup: wrinkles",
        "prosthetic",
    ],
    "wardrobe": [
        "uniform: uniforms",
        "suit: tuxedo",
        "dress: gown",
        "wedding dress",
        "hanbok",
        "kimono",
        "school uniform",
        "coat: jacket",
        "hat: cap",
        "pajamas",
        "costume",
        "mask",
    ],
    "minors": [
        "child: children, kid, kids",
        "baby: infant, toddler",
        "boy: boys",
        "girl: girls",
        "teenager: teen, teens",
        "schoolgirl: schoolboy",
    ],
    "intimacy:kissing": ["kiss: kisses, kissing, kissed, makes out, making out"],
    "intimacy:nudity": ["nude: naked, nudity, undresses, topless, bare chest"],
    "intimacy:simulated sex": ["sex: make love, makes love, making love, lovemaking, in bed together, straddles"],
    "intimacy:sexual violence": ["rape: sexual assault, assaults her, molests, forced himself"],
}

ID: dict[str, list[str]] = {
    "extras": [
        "kerumunan: orang-orang, penonton",
        "tamu: para tamu",
        "pelanggan",
        "pejalan kaki",
        "siswa: murid",
        "tentara: prajurit",
        "warga",
        "pengunjung",
        "penumpang",
    ],
    "props": [
        "ponsel: telepon, hp",
        "laptop: komputer",
        "surat: amplop",
        "foto",
        "tas: koper, ransel",
        "gelas: cangkir, kopi",
        "botol",
        "kunci",
        "cincin",
        "buku",
        "kamera",
        "payung",
        "rokok",
        "uang: dompet",
        "bunga",
        "dokumen",
    ],
    "vehicles": [
        "mobil: taksi",
        "bus: bis",
        "truk",
        "motor: sepeda motor, ojek",
        "sepeda",
        "kereta",
        "ambulans",
        "kapal: perahu",
        "helikopter",
        "pesawat",
        "angkot",
        "bajaj",
    ],
    "animals": ["anjing", "kucing", "kuda", "burung", "ikan", "ayam", "sapi", "ular"],
    "weapons": ["pistol: senapan, senjata api", "pisau: golok, belati, parang", "pedang", "bom", "keris", "tongkat"],
    "stunts": [
        "berkelahi: perkelahian, memukul, menendang",
        "jatuh: terjatuh",
        "mengejar: kejar-kejaran",
        "melompat",
        "tabrakan: menabrak",
    ],
    "vfx": ["hantu: arwah, setan", "monster: makhluk", "sihir", "hologram", "berubah wujud"],
    "sfx": ["hujan", "asap: kabut", "api: kebakaran", "angin", "tembakan", "petir", "ledakan: meledak"],
    "makeup": ["darah: berdarah", "luka: memar", "air mata: menangis", "keringat", "tato"],
    "wardrobe": ["seragam", "jas", "gaun", "kebaya", "batik", "jaket", "topi", "kostum", "topeng", "hijab"],
    "minors": ["anak: anak-anak, bocah", "bayi", "remaja", "anak laki-laki", "anak perempuan"],
    "intimacy:kissing": ["cium: mencium, berciuman, ciuman"],
    "intimacy:nudity": ["telanjang: bugil"],
    "intimacy:simulated sex": ["bercinta: berhubungan intim"],
    "intimacy:sexual violence": ["perkosa: memperkosa, pemerkosaan, pelecehan"],
}

KO: dict[str, list[str]] = {
    "extras": [
        "군중: 사람들, 행인, 행인들",
        "손님: 손님들",
        "학생들",
        "관객: 구경꾼",
        "군인들",
        "시위대",
        "승객들",
        "직원들",
    ],
    "props": [
        "휴대폰: 핸드폰, 전화기, 스마트폰",
        "노트북: 컴퓨터",
        "편지: 봉투",
        "사진",
        "가방: 캐리어, 배낭",
        "커피: 컵",
        "소주: 술병, 맥주, 와인",
        "열쇠",
        "반지",
        "일기장: 공책",
        "카메라",
        "우산",
        "담배: 라이터",
        "돈: 지갑",
        "꽃다발",
        "서류",
        "케이크",
    ],
    "vehicles": [
        "자동차: 승용차",
        "택시",
        "버스",
        "트럭",
        "오토바이",
        "자전거",
        "지하철: 기차, 열차",
        "구급차",
        "경찰차",
        "보트: 배를 탄다, 여객선",
        "헬기",
        "비행기",
    ],
    "animals": [
        "강아지: 개 한 마리, 개가 짖는다",
        "고양이",
        "말을 탄: 말이 달린다, 말 한 마리",
        "비둘기: 새들",
        "물고기",
        "닭",
    ],
    "weapons": ["총: 권총, 소총", "칼: 흉기, 단검", "야구방망이: 몽둥이", "폭탄"],
    "stunts": [
        "싸움: 싸운다, 주먹, 발차기, 때린다",
        "넘어진다: 쓰러진다, 추락",
        "추격: 쫓는다",
        "뛰어내린다",
        "충돌: 부딪친다",
    ],
    "vfx": ["귀신: 유령", "괴물", "홀로그램", "마법", "변신", "폭발"],
    "sfx": [
        "비: 빗속, 빗줄기",
        "눈이 내린다: 눈발",
        "연기: 안개",
        "불: 화재, 불길",
        "바람",
        "총소리: 총성",
        "번개: 천둥",
    ],
    "makeup": ["피: 피투성이, 피를, 피가, 출혈", "상처: 멍, 흉터", "눈물: 운다", "땀", "문신"],
    "wardrobe": ["교복", "정장: 양복", "드레스", "한복", "제복: 유니폼", "코트: 재킷", "모자", "잠옷", "가면"],
    "minors": ["아이: 아이들, 어린이, 꼬마", "아기", "소년", "소녀", "초등학생", "중학생", "고등학생"],
    "intimacy:kissing": ["키스: 입맞춤, 입을 맞춘다"],
    "intimacy:nudity": ["알몸: 나체, 벗은 몸, 옷을 벗는다"],
    "intimacy:simulated sex": ["정사: 섹스, 관계를 맺는다, 베드신"],
    "intimacy:sexual violence": ["성폭행: 강간, 성추행"],
}

JA: dict[str, list[str]] = {
    "extras": ["群衆: 人々, 通行人, 野次馬", "客: 客たち, 乗客", "生徒たち: 学生たち", "観客", "兵士たち"],
    "props": [
        "携帯: スマホ, 電話",
        "パソコン",
        "手紙: 封筒",
        "写真",
        "鞄: カバン, スーツケース",
        "コーヒー: カップ",
        "酒: ビール, ワイン",
        "鍵",
        "指輪",
        "日記: ノート",
        "カメラ",
        "傘",
        "煙草: タバコ, ライター",
        "財布: 札束",
        "花束",
        "書類",
        "ケーキ",
    ],
    "vehicles": [
        "車: 自動車",
        "タクシー",
        "バス",
        "トラック",
        "バイク",
        "自転車",
        "電車: 列車, 新幹線",
        "救急車",
        "パトカー",
        "船",
        "ヘリ",
        "飛行機",
    ],
    "animals": ["犬", "猫", "馬", "鳥: 鳩", "魚"],
    "weapons": ["銃: 拳銃, ピストル, ライフル", "ナイフ: 包丁, 刃物", "刀: 日本刀", "バット", "爆弾"],
    "stunts": ["格闘: 殴る, 殴り合い, 蹴る, 喧嘩", "転落: 転ぶ, 倒れる", "追跡: 追いかける", "飛び降りる", "衝突"],
    "vfx": ["幽霊: 霊", "怪物: 化け物", "ホログラム", "魔法", "変身", "爆発"],
    "sfx": ["雨", "雪", "煙: 霧", "火事: 炎", "強風", "銃声", "雷"],
    "makeup": ["血: 流血, 血まみれ", "傷: あざ", "涙: 泣く", "汗", "刺青"],
    "wardrobe": ["制服", "スーツ", "ドレス", "着物: 浴衣", "コート", "帽子", "パジャマ", "仮面"],
    "minors": ["子供: 子ども, 少年, 少女", "赤ん坊: 赤ちゃん", "小学生", "中学生", "高校生"],
    "intimacy:kissing": ["キス: 口づけ"],
    "intimacy:nudity": ["裸: 全裸, 服を脱ぐ"],
    "intimacy:simulated sex": ["ベッドシーン: 性行為, 抱き合う"],
    "intimacy:sexual violence": ["レイプ: 性的暴行, 乱暴される"],
}

ZH: dict[str, list[str]] = {
    "extras": [
        "人群: 路人, 行人, 圍觀, 围观",
        "客人: 顧客, 顾客, 乘客",
        "學生們: 学生们",
        "觀眾: 观众",
        "士兵們: 士兵们",
    ],
    "props": [
        "手機: 手机, 電話, 电话",
        "電腦: 电脑",
        "信封: 信件",
        "照片",
        "行李箱: 背包",
        "咖啡: 杯子",
        "酒: 啤酒, 紅酒, 红酒",
        "鑰匙: 钥匙",
        "戒指",
        "日記: 日记",
        "相機: 相机",
        "雨傘: 雨伞",
        "香菸: 香烟, 打火機, 打火机",
        "錢包: 钱包",
        "花束",
        "文件",
        "蛋糕",
    ],
    "vehicles": [
        "汽車: 汽车, 轎車, 轿车",
        "計程車: 出租车, 的士",
        "公車: 公交车, 巴士",
        "卡車: 卡车",
        "摩托車: 摩托车, 機車",
        "腳踏車: 自行车",
        "火車: 火车, 地鐵, 地铁",
        "救護車: 救护车",
        "警車: 警车",
        "船",
        "直升機: 直升机",
        "飛機: 飞机",
    ],
    "animals": ["狗", "貓: 猫", "鳥: 鸟", "魚: 鱼"],
    "weapons": ["槍: 枪, 手槍, 手枪", "刀: 匕首", "劍: 剑", "炸彈: 炸弹"],
    "stunts": ["打鬥: 打斗, 打架, 拳打", "摔倒: 跌倒, 墜落, 坠落", "追逐: 追趕, 追赶", "跳下", "撞車: 撞车"],
    "vfx": ["鬼: 幽靈, 幽灵", "怪物", "全息", "魔法", "變身: 变身", "爆炸"],
    "sfx": [
        "下雨: 大雨, 雨中",
        "下雪",
        "煙霧: 烟雾, 霧, 雾",
        "火災: 火灾, 火焰",
        "狂風: 狂风",
        "槍聲: 枪声",
        "雷電: 雷电",
    ],
    "makeup": ["血: 流血, 鮮血, 鲜血", "傷口: 伤口, 瘀青", "眼淚: 眼泪, 哭", "汗", "紋身: 纹身"],
    "wardrobe": ["制服: 校服", "西裝: 西装", "禮服: 礼服", "旗袍", "外套", "帽子", "睡衣", "面具"],
    "minors": ["孩子: 小孩, 兒童, 儿童", "嬰兒: 婴儿", "男孩", "女孩", "小學生: 小学生"],
    "intimacy:kissing": ["接吻: 親吻, 亲吻"],
    "intimacy:nudity": ["裸體: 裸体, 赤裸, 脫衣, 脱衣"],
    "intimacy:simulated sex": ["做愛: 做爱, 床戲, 床戏, 性愛, 性爱"],
    "intimacy:sexual violence": ["強暴: 强暴, 強姦, 强奸, 性侵"],
}

TH: dict[str, list[str]] = {
    "extras": ["ฝูงชน: ผู้คน, คนเดินถนน", "แขก", "ลูกค้า", "นักเรียน", "ผู้ชม", "ทหาร", "ผู้โดยสาร"],
    "props": [
        "โทรศัพท์: มือถือ",
        "โน้ตบุ๊ก: คอมพิวเตอร์",
        "จดหมาย: ซองจดหมาย",
        "รูปถ่าย",
        "กระเป๋า",
        "กาแฟ: แก้ว",
        "เหล้า: เบียร์, ไวน์",
        "กุญแจ",
        "แหวน",
        "หนังสือ: สมุด",
        "กล้อง",
        "ร่ม",
        "บุหรี่",
        "เงิน: กระเป๋าสตางค์",
        "ดอกไม้",
        "เอกสาร",
        "เค้ก",
    ],
    "vehicles": [
        "รถยนต์: รถเก๋ง",
        "แท็กซี่",
        "รถเมล์: รถบัส",
        "รถบรรทุก",
        "มอเตอร์ไซค์: ตุ๊กตุ๊ก",
        "จักรยาน",
        "รถไฟ",
        "รถพยาบาล",
        "รถตำรวจ",
        "เรือ",
        "เฮลิคอปเตอร์",
        "เครื่องบิน",
    ],
    "animals": ["สุนัข", "แมว", "ม้า", "นก", "ไก่", "ช้าง"],
    "weapons": ["ปืน", "มีด", "ดาบ", "ระเบิด"],
    "stunts": ["ต่อสู้: ชกต่อย, เตะ, ต่อย", "ล้ม: ตกลงมา", "ไล่ล่า: วิ่งไล่", "กระโดด", "ชนกัน"],
    "vfx": ["ผี: วิญญาณ", "สัตว์ประหลาด", "เวทมนตร์", "แปลงร่าง"],
    "sfx": ["ฝนตก: สายฝน", "หมอก: ควัน", "ไฟไหม้: เปลวไฟ", "ลมพัด", "เสียงปืน", "ฟ้าผ่า"],
    "makeup": ["เลือด: เลือดไหล", "บาดแผล: แผล, ฟกช้ำ", "น้ำตา: ร้องไห้", "เหงื่อ", "รอยสัก"],
    "wardrobe": ["เครื่องแบบ: ชุดนักเรียน", "สูท", "ชุดราตรี", "ชุดไทย", "เสื้อโค้ท", "หมวก", "ชุดนอน", "หน้ากาก"],
    "minors": ["เด็ก: เด็กๆ", "ทารก", "เด็กชาย", "เด็กหญิง", "วัยรุ่น"],
    "intimacy:kissing": ["จูบ"],
    "intimacy:nudity": ["เปลือย: ถอดเสื้อผ้า"],
    "intimacy:simulated sex": ["ร่วมรัก: มีเพศสัมพันธ์"],
    "intimacy:sexual violence": ["ข่มขืน: ล่วงละเมิดทางเพศ"],
}

TABLES: dict[str, dict[str, list[str]]] = {"en": EN, "id": ID, "ko": KO, "ja": JA, "zh": ZH, "th": TH}
_LATIN = {"en", "id"}
_SUFFIX = {"en": r"(?:'s|s|es)?", "id": r"(?:nya|lah)?"}
_DIGIT = re.compile(r"\d")
_AGE = re.compile(
    r"[(（]\s*(\d{1,2})\s*(?:세|살|歳|才|岁|歲|ขวบ|tahun|yo)?\s*[)）]|\b(\d{1,2})[- ]year[- ]old\b|(\d{1,2})\s*(?:세|살|歳|岁|歲)",
    re.IGNORECASE,
)


def _trie(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, longest first, as a character trie."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return build(root)


class _Matcher:
    """All of a language's triggers in one trie-shaped expression; the matched word gives category and name."""

    def __init__(self, language: str, table: dict[str, list[str]]) -> None:
        self.language = language
        self.lookup: dict[str, tuple[str, str]] = {}  # trigger (lower-cased for Latin) -> (category, name)
        latin = language in _LATIN
        for key, entries in table.items():
            category, _, subname = key.partition(":")
            for entry in entries:
                name, _, rest = entry.partition(":")
                name = name.strip()
                for word in (name, *rest.split(",")):
                    word = word.strip()
                    if word:
                        self.lookup.setdefault(word.lower() if latin else word, (category, subname or name))
        body = _trie(self.lookup)
        if latin:
            self.regex = re.compile(r"\b(" + body + r")" + _SUFFIX[language] + r"\b")
        else:
            self.regex = re.compile("(" + body + ")")
        self.latin = latin

    def scan(self, text: str, found: dict[tuple[str, str], dict[str, None]]) -> None:
        lookup = self.lookup
        if self.latin:
            lowered = text.lower()
            source = text if len(lowered) == len(text) else lowered  # a few characters change length
            for m in self.regex.finditer(lowered):
                key = lookup.get(m.group(1))
                if key is not None:
                    found.setdefault(key, {})[source[m.start() : m.end()]] = None
            return
        for m in self.regex.finditer(text):
            key = lookup.get(m.group(1))
            if key is not None:
                found.setdefault(key, {})[m.group(0)] = None


_MATCHERS = {language: _Matcher(language, table) for language, table in TABLES.items()}


def suggest(
    text: str, languages: Iterable[str], present: Iterable[str] = (), language: str = "en"
) -> tuple[Suggestion, ...]:
    """Suggestions for one scene's text; ``present`` are the scene's characters (cast)."""
    result = [Suggestion("cast", name, (name,), language) for name in present]
    for lang in languages:
        matcher = _MATCHERS.get(lang)
        if matcher is None:
            continue
        found: dict[tuple[str, str], dict[str, None]] = {}
        matcher.scan(text, found)
        for (category, name), triggers in found.items():
            result.append(Suggestion(category, name, tuple(triggers), lang))
    if _DIGIT.search(text) is None:  # every age needs a digit; most scenes have none
        return tuple(result)
    ages = [m.group(0) for m in _AGE.finditer(text) if int(next(g for g in m.groups() if g)) < 18]
    if ages:
        result.append(Suggestion("minors", "minor (age)", tuple(dict.fromkeys(ages)), language))
    return tuple(result)
