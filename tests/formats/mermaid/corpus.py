"""Mermaid journeys as people write them, for checking journeykit against Mermaid 11's parser.

Written for these tests after the shapes found in public READMEs and docs
(Mermaid's own example, Chinese and Japanese diagrams with `` : `` spaced
colons, scores 0 to 9, tabs, repeated sections, long actor lists); each
names the feature it tries. Issue 14 measured 38 such diagrams.
"""

from __future__ import annotations

CORPUS: dict[str, str] = {
    "docs-example": (
        "journey\n    title My working day\n    section Go to work\n      Make tea: 5: Me\n"
        "      Go upstairs: 3: Me\n      Do work: 1: Me, Cat\n    section Go home\n"
        "      Go downstairs: 5: Me\n      Sit down: 5: Me\n"
    ),
    "no-title": "journey\n  section Start\n    Opens the app: 4: User\n    Logs in: 3: User\n",
    "crlf": "journey\r\n  title Line ends\r\n  section A\r\n    Reads: 4: Ana\r\n    Pays: 2: Ana\r\n",
    "lone-cr": "journey\r  title Old Mac\r  section A\r    Reads: 4: Ana\r",
    "cjk-spaced-colons": (
        "journey\n    title 在线购物\n    section 浏览商品\n      登录网站 : 4 : 用户\n"
        "      查看详情 : 5 : 用户\n    section 结算\n      选择地址 : 2 : 用户, 客服\n"
    ),
    "japanese-system-actors": (
        "journey\n    title 三目並べ\n    section 起動\n      ページ読み込み         : 3: ユーザー\n"
        "      統計データ復元         : 3: localStorage\n      盤面表示       : 5: ユーザー\n"
    ),
    "acc-title-descr": (
        "journey\n  accTitle: Checkout\n  accDescr: How people pay\n  section Pay\n    Card: 3: Ana\n"
    ),
    "acc-descr-block": (
        "journey\n  title T\n  accDescr {\n    Two lines\n    of text\n  }\n  section A\n    x: 4: Me\n"
    ),
    "empty-sections": "journey\n  title T\n  section Empty\n  section Full\n    a: 3: Me\n  section\n",
    "only-empty-sections": "journey\n  section One\n  section Two\n",
    "no-space-colons": "journey\n  section Steps\n    Build app:5:You\n    Run app :2: You\n",
    "irregular-colons": "journey\n  section S\n    a  :  4  :  Me ,  You \n    b :3\n",
    "second-colon-ignored": "journey\n  section S\n    Pays: 3: Ana: Billing\n",
    "duplicate-sections": (
        "journey\n    section Go home\n      Make tea: 5: Me\n    section Go home\n"
        "      Make tea: 3: Me\n"
    ),
    "indented-front-matter": (
        "  ---\n  title: Indented\n  ---\n  journey\n    section A\n      Tea: 4: Me\n"
    ),
    "front-matter-tabs": "\t---\n\ttitle: Tabbed\n\t---\njourney\n  section A\n    Tea: 4: Me\n",
    "front-matter-config": (
        "---\ntitle: Config\nconfig:\n  theme: forest\n---\njourney\n  section A\n    Tea: 2: Me\n"
    ),
    "score-zero": "journey\n  section A\n    Broken: 0: Me\n    Fine: 4: Me\n",
    "scores-above-five": (
        "journey\n  section Basics\n    Learn: 6: You\n    Practise: 8: You\n    Relax: 9: Cat\n"
    ),
    "score-x": "journey\n  section A\n    Unknown: X: Me\n",
    "score-unit": "journey\n  section A\n    Styled: 2rem: Me\n",
    "score-negative": "journey\n  section A\n    Awful: -1: Me\n",
    "score-blank": "journey\n  section A\n    Nothing:  : Me\n",
    "score-decimal": "journey\n  section A\n    Half: 3.5: Me\n    Tenth: 4.1\n",
    "score-hex-exponent": "journey\n  section A\n    Hex: 0x3: Me\n    Exp: 1e0: Me\n",
    "many-actors": (
        "journey\n  section Buy\n    Checkout: 2: Ana, Carlos, Payments, Support, Logistics, "
        "Finance, Legal, Risk\n    Ships: 4: Logistics\n"
    ),
    "actors-beyond-personas": (
        "journey\n  %% journeykit personas: A, B, C, D, E\n  section S\n    t: 4: A, F, G\n"
    ),
    "no-persona-actors": (
        "journey\n  section S\n    Asks: 4: Ana\n    Answers: 3: Support\n    Waits: 2\n"
    ),
    "actor-order": "journey\n  section S\n    a: 4: Me, Cat\n    b: 3: Cat, Me\n",
    "repeated-actor": "journey\n  section S\n    a: 4: Me, Me\n    b: 3: Cat\n",
    "blank-actors": "journey\n  section A\n    Make tea: 3: Me, , Cat,\n",
    "tasks-before-section": "journey\n  title T\n  Early: 3: Me\n  section Later\n    Late: 4: Me\n",
    "tabs-and-comments": (
        "%% a diagram\njourney\n\ttitle Tabs\n\t%% a note\n\tsection A\n\t\tx: 4: me # c\n"
    ),
    "directive": "%%{init: {'theme': 'dark'}}%%\njourney\n  section A\n    Tea: 3: Me\n",
    "entities": "journey\n  section S\n    Checkout#58; pays: 2: Ana#44; B\n",
    "emoji": "journey\n  section Después\n    Recibe flores 🌹: 5: Ana\n",
    "uppercase-keywords": "JOURNEY\nTITLE Loud\nSECTION A\n  Tea: 4: Me\n",
    "not-a-journey": "flowchart LR\n  a --> b\n",
}
