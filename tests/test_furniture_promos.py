"""Promos, sign-up boxes, where-to-buy lines, closing prompts and further-reading blocks with every furniture rule on
(tests/test_furniture.py runs each rule alone on its own examples; here the rules run together, as in a batch, so a
box another pass took first still takes its heading). Text invented for the tests."""
from __future__ import annotations

from extractor.data.furniture import furniture_rules
from extractor.document import Document
from extractor.pipeline import read_markdown
from extractor.stages.furniture import label_furniture

RULES = furniture_rules()


class _Labels:
    """The furniture rule that took each block of a snippet (None: content), or took the block it stands in (a list's
    items), looked up by the block's whole text or, failing that, by how it opens."""

    def __init__(self, text: str):
        doc = Document(path="<test>", lines=text.split("\n"))
        read_markdown(doc, text)
        label_furniture(doc, languages=RULES.languages)
        self.blocks: list[tuple[str, str | None]] = []
        self._add(doc.blocks, None)

    def _add(self, blocks, taken: str | None) -> None:
        for block in blocks:
            label = block.boilerplate[1] if block.boilerplate else taken
            if block.text.strip():
                self.blocks.append((" ".join(block.text.split()), label))
            self._add(block.children or [], label)

    def __getitem__(self, opening: str) -> str | None:
        found = [label for text, label in self.blocks if text == opening] or \
            [label for text, label in self.blocks if text.startswith(opening)]
        assert found, f"no block opens with {opening!r}: {[t for t, _ in self.blocks]}"
        return found[0]


def _labels(text: str) -> _Labels:
    return _Labels(text)


_ALTERNATIVE_IT = (
    "# Alternativa a LampCloud\n\n"
    "LampCloud è un servizio che tiene online gli orari delle lampade di casa e li manda a ogni lampada ogni sera.\n\n"
    "## Confronto\n\n"
    "Un server in casa costa meno al mese, ma chiede aggiornamenti e un pomeriggio libero per ognuno di essi.\n\n"
    "LampCloud invece si aggiorna da solo e costa poco più di una lampadina al mese per ogni casa.\n\n"
    "## Andiamo oltre\n\n"
    "Ho usato un server in casa per anni, prima di passare al servizio per risparmiare tempo ogni mese.\n\n"
    "Unisciti a noi qui 👇\n\n"
    "## Registrati qui per ottenere il tuo account\n\n"
    "[LampCloud](/register/)\n"
)


def test_signup_box_at_the_end_takes_its_heading_and_the_join_line():
    got = _labels(_ALTERNATIVE_IT)
    assert got["Registrati qui per otten"] == "signup-section"
    assert got["LampCloud"] is not None
    assert got["Unisciti a noi qui 👇"] == "closing-join-us"
    assert got["Ho usato un server in ca"] is None
    assert got["LampCloud invece si aggi"] is None


def test_signup_heading_over_steps_stays():
    text = ("# Iniziare con LampCloud\n\nLampCloud tiene online gli orari delle lampade di casa e li manda ogni sera.\n\n"
            "Serve un indirizzo email e una lampada collegata alla rete di casa.\n\n"
            "## Registrati qui per ottenere il tuo account\n\n"
            "1. Apri la pagina di registrazione.\n2. Scrivi il tuo indirizzo email.\n3. Conferma il messaggio.\n")
    got = _labels(text)
    assert got["Registrati qui per otten"] is None
    assert got["Apri la pagina di regist"] is None


def test_closing_questions_and_postscript_in_spanish():
    text = ("# Precios más bajos para LampCloud\n\n¡Hola! Hemos mejorado el plan gratuito de LampCloud para todos.\n\n"
            "## ¿Por qué?\n\n1. Las lámparas conectadas no deberían ser un lujo en ninguna casa.\n"
            "2. Nuestros costes han bajado este año y queremos compartir el ahorro.\n\n"
            "¡Estamos deseando ver qué construyes con las nuevas horas de luz!\n\n"
            "¿Preguntas? ¡Estamos aquí para ayudar!\n\n¡Feliz programación!\n\nAna ❤️\n\nP.D. ¡Corre la voz! 🌍\n")
    got = _labels(text)
    assert got["¿Preguntas? ¡Estamos aqu"] is not None
    assert got["P.D. ¡Corre la voz! 🌍"] is not None
    assert got["¡Estamos deseando ver qu"] is None


def test_affiliate_banner_and_its_caption_anywhere():
    text = ("---\ntitle: Cambiare hosting\n---\n\nHo spostato il mio blog sulle lampade a un hosting più economico "
            "lo scorso inverno, in una sola sera.\n\n"
            "[![Hosting economico](banner.jpg)](https://host.example/affiliati/idevaffiliate.php?id=77)\n\n"
            "LampHost Hosting\n\n"
            "Lo strumento di copia ha spostato il database senza perdere un articolo, mentre bevevo un caffè.\n\n"
            "[![Il pannello](panel.jpg)](https://host.example/panel)\n\n"
            "Il pannello di controllo\n\n"
            "Il pannello di controllo è quello che conoscevo già, quindi non ho dovuto imparare nulla di nuovo.\n")
    got = _labels(text)
    assert got["LampHost Hosting"] == "affiliate-banner"
    assert got["Il pannello di controllo"] is None  # under a picture linked to a plain page
    assert got["Lo strumento di copia ha"] is None


def test_where_to_buy_line_with_an_affiliate_link_mid_post():
    text = ("# Luce posteriore\n\nCon il traffico di oggi l'unica difesa è farsi vedere, anche di giorno, da chi guida.\n\n"
            "Il modello che uso è la Lumo 100 e la potete trovare su Amazon cliccando su questo "
            "[link](https://amzn.to/3xYzAbC)\n\n"
            "La luce ha un sensore di frenata che la rende più forte quando si rallenta in gruppo.\n\n"
            "La scheda tecnica è sul [sito del produttore](https://lumo.example/100) e la potete trovare anche in "
            "negozio.\n")
    got = _labels(text)
    assert got["Il modello che uso è la "] == "item-where-to-buy"
    assert got["La luce ha un sensore di"] is None
    assert got["La scheda tecnica è sul "] is None  # a plain link, no affiliate mark


def test_chinese_further_reading_and_more_pointer_at_the_end():
    text = ("# 滑动窗口\n\n滑动窗口是一种解决连续子数组问题的思路，左右两个指针一起向右移动。\n\n"
            "窗口的大小可以固定，也可以随着条件变化，两种情况的思路是一样的。\n\n"
            "## 固定窗口\n\n1. 初始化左指针为 0\n2. 初始化右指针\n3. 同时移动两个指针\n\n"
            "## 可变窗口\n\n右指针不停向右移动，左指针只在窗口满足条件之后才移动，窗口随之收缩。\n\n"
            "这样每个元素最多进出窗口一次，整个过程的时间复杂度是线性的。\n\n"
            "## 扩展阅读\n\n- [Sliding window notes](https://notes.example/sw)\n\n"
            "## 更多功能\n\n更多功能请参考 [官方文档](https://docs.example/)。\n")
    got = _labels(text)
    assert got["Sliding window notes"] is not None
    assert got["扩展阅读"] is not None
    assert got["更多功能请参考 官方文档。"] is not None
    assert got["初始化左指针为 0"] is None


def test_referral_link_inside_a_step_stays():
    text = ("# 部署到云主机\n\n云主机按量付费，请留意余额，部署前先确认账户里有足够的金额。\n\n"
            "1. 通过 [此链接](https://cloud.example/register?referral_code=ABC123) 注册账户。\n"
            "2. 打开镜像页面，点击创建实例。\n3. 在控制台中打开终端。\n\n"
            "启动成功后，在浏览器中打开实例的地址即可访问界面，首次登录后请修改密码。\n")
    got = _labels(text)
    assert got["通过 此链接 注册账户。"] is None
    assert got["打开镜像页面，点击创建实例。"] is None
