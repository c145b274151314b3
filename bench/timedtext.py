"""Timed-text benchmark: a 60-minute episode's subtitles (about 900 events) in each of six languages, read and
checked (parse + QC) from SRT, WebVTT and TTML. Target (issue 8): under 50 ms per file.

The episodes are generated here from a bank of ordinary dialogue lines per language (one or two lines an event,
some in italics, a few deliberately breaking a rule), timed like real subtitles: durations from the text's length
at a comfortable reading speed, at least two frames apart at 23.976 fps. TTML uses frame-based times
(SMPTE time base, ``ttp:frameRate="24" ttp:frameRateMultiplier="1000 1001"``) with referential styles and regions.

    .venv/bin/python bench/timedtext.py [--runs 15] [--events 900]

Prints, per language and format: events, findings, the median time to read, to check, and both together, the
slowest run, the first call (which loads the language's rule data), and PASS/MISS against 50 ms for the median of
read + check; then, for information, the time to suggest line breaks for every event.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from fractions import Fraction

from setwise.engines.timedtext import check, load_rules, read, suggest_lines, write_srt, write_vtt
from setwise.engines.timedtext.model import Document, Event, Span
from setwise.engines.timedtext.qc import counting_for

TARGET_MS = 50.0
FPS = Fraction(24000, 1001)

LINES: dict[str, list[str]] = {
    "en": [
        "Where were you last night?",
        "I waited at the station until midnight.",
        "You said you'd call me.",
        "My phone died, I'm sorry.",
        "Don't lie to me. Not again.",
        "I'm not lying. Ask Min-ho.",
        "He told me you left early.",
        "We need to talk about the money.",
        "The bank called this morning.",
        "How much do we still owe them?",
        "More than we can pay this year.",
        "Then we sell the restaurant.",
        "Your father built that place.",
        "I know. That's why it hurts.",
        "Is anyone here? Hello?",
        "Keep your voice down.",
        "They're still watching the house.",
        "Get in the car. Now!",
        "Where are we going?",
        "Somewhere they won't find us.",
        "Did you finish your homework?",
        "Almost. Just the maths left.",
        "Dinner's ready in ten minutes.",
        "Can Ji-woo stay over tonight?",
        "Only if her mother says yes.",
        "This is the last train to Busan.",
        "Then we'd better not miss it.",
        "I never wanted any of this.",
        "Neither did I, believe me.",
        "Tell me what really happened.",
        "It was raining. I couldn't see.",
        "Someone was standing in the road.",
    ],
    "ko": [
        "어젯밤에 어디 있었어?",
        "자정까지 역에서 기다렸어.",
        "전화한다고 했잖아.",
        "휴대폰이 꺼졌어. 미안해.",
        "거짓말하지 마. 또 그러지 마.",
        "거짓말 아니야. 민호한테 물어봐.",
        "네가 일찍 갔다던데.",
        "돈 얘기 좀 해야겠어.",
        "오늘 아침에 은행에서 전화 왔어.",
        "아직 얼마나 남았어?",
        "올해 갚을 수 있는 것보다 많아.",
        "그럼 식당을 팔자.",
        "아버지가 지은 가게잖아.",
        "알아. 그래서 더 아파.",
        "누구 없어요? 여보세요?",
        "목소리 좀 낮춰.",
        "아직도 집을 지켜보고 있어.",
        "차에 타. 빨리!",
        "우리 어디 가는 거야?",
        "아무도 못 찾는 곳으로.",
        "숙제 다 했니?",
        "거의요. 수학만 남았어요.",
        "십 분 있으면 저녁 먹자.",
        "지우 오늘 자고 가도 돼요?",
        "엄마가 허락하시면.",
        "부산 가는 막차야.",
        "그럼 놓치면 안 되겠네.",
        "이런 걸 원한 적 없어.",
        "나도 마찬가지야, 정말로.",
        "진짜 무슨 일이 있었는지 말해.",
    ],
    "ja": [
        "昨日の夜 どこにいたの？",
        "駅で夜中まで待ってた",
        "電話するって言ったよね",
        "携帯の電池が切れて…",
        "嘘はやめて もう二度と",
        "嘘じゃない 健太に聞いて",
        "早く帰ったって聞いた",
        "お金の話をしないと",
        "今朝 銀行から電話が",
        "あと いくら残ってる？",
        "今年は払いきれない",
        "じゃあ 店を売ろう",
        "お父さんが建てた店よ",
        "分かってる だから辛い",
        "誰かいますか？",
        "声を小さくして",
        "まだ家を見張ってる",
        "車に乗って 早く！",
        "どこへ行くの？",
        "誰にも見つからない所",
        "宿題は終わった？",
        "あと数学だけ",
        "夕飯は10分後よ",
        "美咲 泊まってもいい？",
        "お母さんがいいなら",
        "大阪行きの最終電車だ",
        "じゃあ 急がないと",
        "こんなこと望んでない",
        "私だって同じよ",
        "本当は何があったの？",
    ],
    "th": [
        "เมื่อคืนเธออยู่ที่ไหน",
        "ฉันรอที่สถานีจนเที่ยงคืน",
        "เธอบอกว่าจะโทรหาฉัน",
        "โทรศัพท์แบตหมด ขอโทษนะ",
        "อย่าโกหกฉันอีกเลย",
        "ฉันไม่ได้โกหก ถามต้นดูสิ",
        "เขาบอกว่าเธอกลับก่อน",
        "เราต้องคุยเรื่องเงินกัน",
        "ธนาคารโทรมาเมื่อเช้า",
        "เรายังติดหนี้อีกเท่าไหร่",
        "มากกว่าที่เราจ่ายไหวในปีนี้",
        "งั้นเราขายร้านอาหารกันเถอะ",
        "พ่อของเธอสร้างร้านนั้นขึ้นมา",
        "ฉันรู้ นั่นแหละที่ทำให้เจ็บ",
        "มีใครอยู่ไหม สวัสดีครับ",
        "พูดเบาๆ หน่อย",
        "พวกมันยังเฝ้าบ้านอยู่",
        "ขึ้นรถเดี๋ยวนี้",
        "เราจะไปไหนกัน",
        "ที่ที่พวกมันหาเราไม่เจอ",
        "ทำการบ้านเสร็จหรือยัง",
        "เกือบแล้ว เหลือแต่คณิต",
        "อีกสิบนาทีกินข้าวนะ",
        "ให้มายด์ค้างคืนได้ไหมคะ",
        "ถ้าแม่ของเขาอนุญาตนะ",
        "นี่รถไฟเที่ยวสุดท้ายไปเชียงใหม่",
        "งั้นเราอย่าพลาดล่ะ",
        "ฉันไม่เคยต้องการแบบนี้เลย",
        "ฉันก็เหมือนกัน เชื่อเถอะ",
        "บอกมาว่าเกิดอะไรขึ้นจริงๆ",
    ],
    "id": [
        "Kamu di mana semalam?",
        "Aku menunggu di stasiun sampai tengah malam.",
        "Katamu kamu akan menelepon.",
        "Ponselku mati, maaf.",
        "Jangan bohong lagi padaku.",
        "Aku tidak bohong. Tanya saja Budi.",
        "Dia bilang kamu pulang lebih awal.",
        "Kita perlu bicara soal uang.",
        "Bank menelepon tadi pagi.",
        "Berapa utang kita yang tersisa?",
        "Lebih dari yang bisa kita bayar tahun ini.",
        "Kalau begitu kita jual restorannya.",
        "Ayahmu yang membangun tempat itu.",
        "Aku tahu. Itu sebabnya menyakitkan.",
        "Ada orang di sini? Halo?",
        "Pelankan suaramu.",
        "Mereka masih mengawasi rumah ini.",
        "Masuk ke mobil. Sekarang!",
        "Kita mau ke mana?",
        "Ke tempat mereka tak bisa menemukan kita.",
        "Sudah selesai PR-mu?",
        "Hampir. Tinggal matematika.",
        "Makan malam siap sepuluh menit lagi.",
        "Boleh Sari menginap malam ini?",
        "Kalau ibunya mengizinkan.",
        "Ini kereta terakhir ke Surabaya.",
        "Kalau begitu jangan sampai ketinggalan.",
        "Aku tak pernah menginginkan semua ini.",
        "Aku juga tidak, percayalah.",
        "Ceritakan apa yang sebenarnya terjadi.",
    ],
    "zh-Hant": [
        "你昨晚去哪裡了？",
        "我在車站等到半夜",
        "你說過會打給我",
        "手機沒電了，對不起",
        "別騙我，不要再騙我",
        "我沒騙你，去問阿明",
        "他說你提早走了",
        "我們得談談錢的事",
        "今天早上銀行打來",
        "我們還欠多少？",
        "比今年付得起的還多",
        "那就把餐廳賣了",
        "那是你爸蓋的店",
        "我知道，所以才難過",
        "有人在嗎？喂？",
        "小聲一點",
        "他們還在盯著房子",
        "上車，快點！",
        "我們要去哪裡？",
        "去他們找不到的地方",
        "功課寫完了嗎？",
        "快了，只剩數學",
        "十分鐘後吃晚飯",
        "小雨今晚可以住這裡嗎？",
        "她媽媽同意就可以",
        "這是去高雄的末班車",
        "那我們可別錯過",
        "我從來不想要這些",
        "我也是，相信我",
        "告訴我到底發生了什麼",
    ],
}
COMFORT_CPS = {"en": 13.0, "id": 13.0, "th": 12.0, "ko": 9.0, "ja": 3.6, "zh-Hant": 7.0}


def episode(language: str, events: int, seed: int = 8) -> Document:
    """About ``events`` events over 60 minutes, one or two lines each; about 2% break a rule on purpose."""
    rng = random.Random(seed)
    bank = LINES[language]
    counting = counting_for(load_rules(language))
    frame = 1000 / FPS
    slot = Fraction(3_600_000, events)
    out: list[Event] = []
    cursor = Fraction(2_000)
    for index in range(1, events + 1):
        lines = tuple(rng.sample(bank, 2 if rng.random() < 0.45 else 1))
        counted = sum(counting.count(line) for line in lines)
        seconds = max(Fraction(1), Fraction(counted / COMFORT_CPS[language]).limit_denominator(1000))
        duration = min(Fraction(6_500), seconds * 1000)
        if rng.random() < 0.02:
            duration = Fraction(600)  # too short on purpose
        start = cursor
        end = start + duration
        frames_start = round(start / frame)
        frames_end = round(end / frame)
        start, end = frames_start * frame, frames_end * frame
        italic = rng.random() < 0.08
        spans = tuple((Span(line, italic=italic),) for line in lines)
        out.append(Event(index, start, end, lines, spans))
        cursor = max(end + 2 * frame, start + slot + rng.uniform(-600, 600))
    return Document(tuple(out), "srt", "utf-8")


def _tc(ms: Fraction) -> str:
    frames = round(ms * FPS / 1000)
    seconds, ff = divmod(frames, 24)
    minutes, ss = divmod(seconds, 60)
    hh, mm = divmod(minutes, 60)
    return f"{hh:02d}:{mm:02d}:{ss:02d}:{ff:02d}"


def to_ttml(document: Document, language: str) -> str:
    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    ps = []
    for event in document.events:
        body = "<br/>".join(
            "".join(f'<span style="italic">{esc(s.text)}</span>' if s.italic else esc(s.text) for s in spans)
            for spans in event.spans
        )
        ps.append(f'      <p xml:id="s{event.index}" begin="{_tc(event.start)}" end="{_tc(event.end)}">{body}</p>')
    paragraphs = "\n".join(ps)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter"
    xmlns:tts="http://www.w3.org/ns/ttml#styling" xmlns:ttm="http://www.w3.org/ns/ttml#metadata"
    ttp:timeBase="smpte" ttp:frameRate="24" ttp:frameRateMultiplier="1000 1001" xml:lang="{language}">
  <head>
    <styling>
      <style xml:id="base" tts:color="white" tts:fontFamily="proportionalSansSerif" tts:fontSize="100%"
             tts:textAlign="center"/>
      <style xml:id="italic" tts:fontStyle="italic"/>
    </styling>
    <layout>
      <region xml:id="bottom" tts:origin="10% 80%" tts:extent="80% 15%" tts:displayAlign="after"/>
    </layout>
  </head>
  <body style="base" region="bottom">
    <div>
{paragraphs}
    </div>
  </body>
</tt>
"""


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--events", type=int, default=900)
    args = ap.parse_args()
    load = os.getloadavg()
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.events} events over 60 minutes; "
          f"median of {args.runs} runs after one warm-up; target < {TARGET_MS:.0f} ms read + check")  # fmt: skip
    print(f"{'language':<9} {'format':<5} {'KB':>5} {'events':>6} {'findings':>8} {'read ms':>8} {'check ms':>8} "
          f"{'total ms':>8} {'max ms':>7} {'1st ms':>7}  result")  # fmt: skip
    misses = 0
    for language in LINES:
        source = episode(language, args.events)
        files = {
            "srt": write_srt(source).encode("utf-8"),
            "vtt": write_vtt(source).encode("utf-8"),
            "ttml": to_ttml(source, language).encode("utf-8"),
        }
        for fmt, data in files.items():
            name = f"episode.{fmt}"
            t0 = time.perf_counter()
            check(read(data, name), language, fps="23.976")  # first call: loads the rule data, fills caches
            first = (time.perf_counter() - t0) * 1000
            reads: list[float] = []
            checks: list[float] = []
            totals: list[float] = []
            findings = 0
            events = 0
            for _ in range(args.runs):
                t0 = time.perf_counter()
                document = read(data, name)
                t1 = time.perf_counter()
                report = check(document, language, fps="23.976")
                t2 = time.perf_counter()
                reads.append(t1 - t0)
                checks.append(t2 - t1)
                totals.append(t2 - t0)
                findings, events = len(report.findings), report.events
            total = _median_ms(totals)
            result = "PASS" if total < TARGET_MS else "MISS"
            misses += result == "MISS"
            size, slowest = len(data) / 1024, max(totals) * 1000
            print(f"{language:<9} {fmt:<5} {size:>5.0f} {events:>6} {findings:>8} {_median_ms(reads):>8.1f} "
                  f"{_median_ms(checks):>8.1f} {total:>8.1f} {slowest:>7.1f} {first:>7.1f}  {result}")  # fmt: skip
    print(f"\n{18 - misses} of 18 files under {TARGET_MS:.0f} ms" + ("" if not misses else f"; {misses} MISS"))
    print("\nline-break suggestions (not a target): every event of the episode re-broken")
    for language in LINES:
        source = episode(language, args.events)
        texts = [event.lines for event in source.events]
        t0 = time.perf_counter()
        suggest_lines(LINES[language][0] * 4, language)  # first call (Thai: loads pythainlp's dictionary)
        first = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        for lines in texts:
            suggest_lines(lines, language)
        elapsed = (time.perf_counter() - t0) * 1000
        print(f"{language:<9} {len(texts)} events {elapsed:8.1f} ms ({1000 * elapsed / len(texts):.0f} us an event; "
              f"first call {first:.0f} ms)")  # fmt: skip


if __name__ == "__main__":
    main()
