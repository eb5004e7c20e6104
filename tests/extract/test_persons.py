"""Persons: names beside titles, honorifics and verbs; roles; one person per individual; no false names."""
import pytest

from events.extract.normalize import normalize
from events.extract.persons import find_persons, name_lexicon
from events.extract.text import split_sentences


def persons(text, **kwargs):
    return find_persons(text, split_sentences(text), **kwargs)


def by_name(text):
    return {normalize(p.name): p for p in persons(text)}


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("عبر وفد يضم وزير السياحة والنقل الجوي ،محمد ساجد، وسفير المغرب بفرنسا شكيب بنموسى.",
         "محمد ساجد", "وزير السياحة والنقل الجوي"),
        ("عبر وفد يضم وزير السياحة والنقل الجوي ،محمد ساجد، وسفير المغرب بفرنسا شكيب بنموسى.",
         "شكيب بنموسى", "سفير المغرب بفرنسا"),
        ("من جانبه، شدد طارق المعروفي، المدير العام لمؤسسة عبد القادر بنصالح، على ضرورة العمل.",
         "طارق المعروفي", "المدير العام لمؤسسة عبد القادر بنصالح"),
        ("وكاتبة الدولة لدى وزير السياحة ، المكلفة بالصناعة التقليدية ،جميلة المصلي، وسفير المغرب.",
         "جميلة المصلي", "كاتبة الدولة لدى وزير السياحة ، المكلفة بالصناعة التقليدية"),
        ("وتهدف القمة المنظمة تحت رعاية الرئيس الفرنسي ايمانويل ماكرون، إلى توحيد الأطراف.",
         "ايمانويل ماكرون", "الرئيس الفرنسي"),
        ("وافتتح رئيس الحكومة، السيد عزيز أخنوش، صباح الثلاثاء، أشغال التظاهرة.", "عزيز أخنوش", "رئيس الحكومة"),
        ("بحضور السيدة فاطمة الزهراء عمور، وزيرة السياحة والصناعة التقليدية.", "فاطمة الزهراء عمور",
         "وزيرة السياحة والصناعة التقليدية"),
        ("المنظمة تحت الرعاية السامية لصاحب الجلالة الملك محمد السادس، تحت شعار.", "محمد السادس", "الملك"),
        ("ويعود ذلك إلى لقاء دعت إليه الشبكة، التي كان يرأسها آنذاك عبد الجليل الشرقاوي.", "عبد الجليل الشرقاوي",
         None),
        ("وسفير إسبانيا بالمغرب، ريكاردو دييز هوشلايتنر رودريغيز. كما حضر اللقاء منتخبون.",
         "ريكاردو دييز هوشلايتنر رودريغيز", "سفير إسبانيا بالمغرب"),
        ("بحضور بارتيليمي دياس، عمدة مدينة داكار، وعمداء آخرين.", "بارتيليمي دياس", "عمدة مدينة داكار"),
        ("وكانت الوزيرة السنغالية السابقة زهرة إيان تيام قد أعطت الانطلاقة.", "زهرة إيان تيام",
         "الوزيرة السنغالية السابقة"),
        ("ترأسها راضية الشيخ لحلو. وأسفرت المداولات عن تتويج سبعة فائزين.", "راضية الشيخ لحلو", None),
        ("وترأس أشغال اللقاء عبد الإله المتني، رئيس فضاء تعاونيات طنجة الكبرى، وهو إطار.", "عبد الإله المتني",
         "رئيس فضاء تعاونيات طنجة الكبرى"),
        ("وفاطمة الزهرة البقالي، عضو مجلس جهة طنجة تطوان الحسيمة، ومحمد بولعيش، عضو الهيئة المغربية للمقاولات.",
         "فاطمة الزهرة البقالي", "عضو مجلس جهة طنجة تطوان الحسيمة"),
        ("وفاطمة الزهرة البقالي، عضو مجلس جهة طنجة تطوان الحسيمة، ومحمد بولعيش، عضو الهيئة المغربية للمقاولات.",
         "محمد بولعيش", "عضو الهيئة المغربية للمقاولات"),
        ("في عرض قدمه مديرها الجهوي جمال النواس خلال اجتماع خصص للقطاع.", "جمال النواس", "مديرها الجهوي"),
        ("وعلى هامش المنتدى، عقد اجتماع عمل مع تيري جانت رئيس المنتدى الدولي للاقتصاد الاجتماعي.", "تيري جانت",
         "رئيس المنتدى الدولي للاقتصاد الاجتماعي"),
        ("بحضور الأميرة للا مريم، رئيسة الاتحاد الوطني لنساء المغرب.", "للا مريم",
         "رئيسة الاتحاد الوطني لنساء المغرب"),
        ("وأكد لحسن السعدي، كاتب الدولة المكلف بالصناعة التقليدية، على الدور الحيوي.", "لحسن السعدي",
         "كاتب الدولة المكلف بالصناعة التقليدية"),
        ("بدوره، أكد مالك ديوب، رئيس المنتدى الإفريقي للاقتصاد الاجتماعي والتضامني بالسنغال، أن الاقتصاد مهم.",
         "مالك ديوب", "رئيس المنتدى الإفريقي للاقتصاد الاجتماعي والتضامني بالسنغال"),
        ("وأضاف البلاغ أن عبد المولى عبد المومني، رئيس المجلس الإداري للتعاضدية، قدم تجربة التعاضدية.",
         "عبد المولى عبد المومني", "رئيس المجلس الإداري للتعاضدية"),
        ("وقال حمدي ولد الرشيد، رئيس المجلس الجماعي للعيون، إن المبادرة مهمة.", "حمدي ولد الرشيد",
         "رئيس المجلس الجماعي للعيون"),
        ("وأوضحت رئيسة الجمعية، الدكتورة سعاد بنعبد الله، أن الدورة مهمة.", "سعاد بنعبد الله", "رئيسة الجمعية"),
        ("كما التقى الوزير بالمدير العام لمنظمة العمل الدولية، جيلبير هونغبو، وبحثا سبل التعاون.", "جيلبير هونغبو",
         "المدير العام لمنظمة العمل الدولية"),
        ("كما عرف اللقاء عروضا من طرف الأستاذ الجامعي رشيد الحمداوي والباحثة نجاة الكتاني.", "نجاة الكتاني",
         "الباحثة"),
        ("كما عرف اللقاء عروضا من طرف الأستاذ الجامعي رشيد الحمداوي والباحثة نجاة الكتاني.", "رشيد الحمداوي",
         "الأستاذ الجامعي"),
        ("وفي تصريح للصحافة، أوضح يوسف أمين، منسق المشروع، أن العمل مستمر.", "يوسف أمين", "منسق المشروع"),
        ("وشارك في اللقاء كل من محمد العلمي وسعاد الإدريسي.", "محمد العلمي", None),
        ("وأكدت ماجدولين بنعيسى، رئيسة الجمعية، أن المشروع ناجح.", "ماجدولين بنعيسى", "رئيسة الجمعية"),
        ("وشارك في اللقاء كل من محمد العلمي وسعاد الإدريسي.", "سعاد الإدريسي", None),
    ],
)
def test_name_and_role(text, name, role):
    found = by_name(text)
    assert normalize(name) in found, list(found)
    if role is not None:
        assert normalize(found[normalize(name)].role) == normalize(role)


@pytest.mark.parametrize(
    "text, not_a_person",
    [
        ("وأكد المسؤول الفرنسي على الإرادة في خلق تحالف جديد.", "على الإرادة"),
        ("وأضاف المتحدث ذاته، خلال اللقاء، أن القطاع مهم.", "المتحدث ذاته"),
        ("وحضر الوالي، قام بجولة في أروقة المعرض.", "قام بجولة"),
        ("معرضا لمنتوجات التعاونيات الفلاحية والحرفية، أتاح للمشاركات فرصة التعريف.", "أتاح للمشاركات"),
        ("وأكد المشاركون على أهمية القطاع، مبرزين دوره.", "المشاركون على"),
        ("نوه المتدخلون بحسن التنظيم وبحجم الإقبال.", "حسن التنظيم"),
        ("بمبادرة من مؤسسة عبد القادر بنصالح (FABS).", "عبد القادر بنصالح"),
        ("بالمركز الثقافي أحمد بوكماخ بطنجة.", "أحمد بوكماخ"),
        ("حرم جامعة محمد السادس متعددة التخصصات.", "محمد السادس"),
        ("من فاتح إلى 6 ماي 2023، الدورة السادسة.", "فاتح إلى"),
        ("مشددا على أهمية تنظيم لقاءات علمية، وأن نظما ندوة.", "أن نظما"),
        ("والتي تطوف في المغرب منذ سنة 2009 لتشجيع التعاونيات.", "منذ سنة"),
        ("قدمت لمياء كمال شاوي، مديرة مركز منظمة التعاون، منظورًا دوليًا عن دور القطاع.", "منظورًا دوليًا"),
        ("مؤسسة المكتب الشريف للفوسفاط، والتجاري وفا بنك، وبنك إفريقيا.", "التجاري وفا"),
    ],
)
def test_no_false_persons(text, not_a_person):
    assert normalize(not_a_person) not in by_name(text)


def test_surname_alone_is_an_alias_not_a_second_person():
    text = ("أكدت كنزة بنصالح، عضو مجلس إدارة المؤسسة، على أهمية القطاع. وأوضحت بنصالح أن المنتدى يندرج في جهود "
            "المؤسسة. وعلى هامش المنتدى، عقد عبد المولى عبد المومني اجتماعا. وأكد عبد المومني أن الشراكة مهمة.")
    found = persons(text)
    assert [normalize(p.name) for p in found] == [normalize("كنزة بنصالح"), normalize("عبد المولى عبد المومني")]
    assert "بنصالح" in found[0].aliases


def test_namesakes_stay_two_persons():
    text = ("ومحمد البكوري، عضو المكتب السياسي، ومصطفى البكوري، رئيس جماعة تطوان، ومحمد السيمو، رئيس المجلس "
            "الجماعي للقصر الكبير، والبرلمانية زينب السيمو، رئيسة منظمة المرأة التجمعية.")
    found = {normalize(p.name): p.role for p in persons(text)}
    assert set(found) == {normalize(n) for n in ("محمد البكوري", "مصطفى البكوري", "محمد السيمو", "زينب السيمو")}
    assert found[normalize("مصطفى البكوري")] == "رئيس جماعة تطوان"


def test_honorifics_are_not_part_of_names():
    text = "والسيد محمد سعد برادة، وزير التربية الوطنية، والسيدة أمينة أفروخي، نائبة رئيسة الاتحاد."
    assert [p.name for p in persons(text)] == ["محمد سعد برادة", "أمينة أفروخي"]


def test_known_person_without_context():
    text = "وشارك في اللقاء عدد من الفاعلين بينهم فلان الفلاني."
    assert normalize("فلان الفلاني") in {normalize(p.name) for p in persons(text, known=["فلان الفلاني"])}


def test_lexicon_keeps_names_and_drops_function_words():
    lex = name_lexicon()
    assert {"محمد", "طارق", "لحسن", "كريستوف", "الحسين"} <= lex.given
    assert not {"ان", "بين", "هنا", "فاتح", "ماي"} & lex.given
    assert "امل" in lex.common_given and "امل" not in lex.given


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A compound given name keeps the surname, and the role after it.
        ("وأشرف على اللقاء السيد محمد سالم الحراق، رئيس الجمعية.", "محمد سالم الحراق", "رئيس الجمعية"),
        ("وقالت السيدة فاطمة أمينة الزياني، مديرة التعاونية، إن المنتوج جيد.", "فاطمة أمينة الزياني",
         "مديرة التعاونية"),
        # A given name with ال after an honorific, and a Berber surname.
        ("وقال رئيس الاتحاد، السيد الحسين أوعلي، إن التعاونيات تحتاج الدعم.", "الحسين أوعلي", "رئيس الاتحاد"),
        ("وأوضح المدير الجهوي، السيد المهدي أوعلي، أن البرنامج انطلق.", "المهدي أوعلي", "المدير الجهوي"),
        ("وأكد الطيب أمزيان، رئيس التعاونية، أن الإنتاج ارتفع.", "الطيب أمزيان", "رئيس التعاونية"),
        ("وأوضح الصادق العلوي، مدير الوكالة، أن البرنامج انطلق.", "الصادق العلوي", "مدير الوكالة"),
        # Hyphenated foreign given names.
        ("وأكدت ماري-إيف لافوا، مديرة البرنامج، أن الشراكة مثمرة.", "ماري-إيف لافوا", "مديرة البرنامج"),
        ("وقال جان-بيير دوبون، خبير التمويل، إن الصندوق جاهز.", "جان-بيير دوبون", "خبير التمويل"),
        # A role stops at the paragraph's end.
        ("وحضر اللقاء أحمد بنعلي، رئيس جمعية الأمل\nوفي كلمته أكد المتدخلون أن القطاع مهم.", "أحمد بنعلي",
         "رئيس جمعية الأمل"),
    ],
)
def test_heldout_name_and_role(text, name, role):
    found = by_name(text)
    assert normalize(name) in found
    assert found[normalize(name)].role == role


@pytest.mark.parametrize(
    "text, not_a_person",
    [
        # After "name، title …،" comes the verb's object, not a foreign name.
        ("وقدمت الدكتورة سناء، أستاذة علم الاجتماع، نتائج دراسة ميدانية.", "نتائج دراسة"),
        ("وعرض الأستاذ كريم، الباحث في الاقتصاد، حصيلة عمل الجمعيات.", "حصيلة عمل"),
        # The last words of a paragraph are no title of the next paragraph's first name.
        ("واختتم اللقاء بتوصيات الخبير\nمحمد بنعلي تحدث عن التعاونيات.", None),
    ],
)
def test_heldout_no_false_person(text, not_a_person):
    found = by_name(text)
    if not_a_person:
        assert normalize(not_a_person) not in found
    else:
        assert all(p.role is None for p in found.values())


def extracted_persons(text):
    from events.extract.pipeline import extract

    return {p.name: p for p in extract(text).persons}


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A role opened by an ordinal before its title, after a foreign name the lexicon has.
        ("وقال ميشيل روكار، أول رئيس لجمعية المقاولات الاجتماعية، إن التجربة واعدة.", "ميشيل روكار",
         "أول رئيس لجمعية المقاولات الاجتماعية"),
        # A rarely attested given name with its role after a comma.
        ("وكانت قد أطلقتها بسيمة الحقاوي، وزيرة الأسرة آنذاك، قبل سنوات.", "بسيمة الحقاوي", "وزيرة الأسرة آنذاك"),
        # The preposition glued to the name is not kept (مرفوقا بـ، لـ).
        ("وزار الوزير الأروقة مرفوقا بمحمد الإدريسي، مدير الوكالة.", "محمد الإدريسي", "مدير الوكالة"),
        ("وسلمت الجائزة لفاطمة الزهراء العلوي عن مشروعها.", "فاطمة الزهراء العلوي", None),
        # A title before a name whose office names a body (والي جهة الشرق): the name follows the office.
        ("وحضر الافتتاح والي جهة سوس ماسة سعيد أمزازي.", "سعيد أمزازي", "والي جهة سوس ماسة"),
        # A given name that is also a word, made a name by the speech verb and a lexicon surname.
        ("وقالت بشرى المرابط إن التكوين مفيد.", "بشرى المرابط", None),
    ],
)
def test_more_name_and_role_patterns(text, name, role):
    found = by_name(text)
    assert normalize(name) in found, list(found)
    assert found[normalize(name)].role == role


@pytest.mark.parametrize(
    "text, wrong",
    [
        # A verb and its object after a title are not a name even when a rare given name is a word.
        ("وقال المدير اعتماد مقاربة جديدة في التكوين.", "اعتماد مقاربة"),
        # Saints' names after a preposition or a territory noun are places.
        ("ونظمت جمعية النور بسيدي داود اللقاء.", "داود اللقاء"),
        ("وحضر عامل إقليم مولاي يعقوب الحفل.", "مولاي يعقوب"),
        ("مولاي يعقوب.. لقاء تواصلي حول الاقتصاد الاجتماعي", "مولاي يعقوب"),
        # A name never crosses a line break.
        ("وقدم الكلمة الافتتاحية عبد الله\nالعلوي رئيس الجمعية", "عبد الله العلوي"),
    ],
)
def test_not_names(text, wrong):
    assert normalize(wrong) not in {normalize(p.name) for p in persons(text)}


def test_ibn_and_bin_spell_one_person():
    text = "ترأست الوزيرة نعيمة بن يحيى الحفل. وقالت نعيمة ابن يحيى إن الجائزة مستمرة."
    found = persons(text)
    assert len(found) == 1
    assert "نعيمة ابن يحيى" in found[0].aliases


@pytest.mark.parametrize(
    "text, role",
    [
        ("تحرك مكتب تنمية التعاون بإحداث خلية، وأكد مديره يوسف حسني أن العمل مستمر.", "مدير مكتب تنمية التعاون"),
        ("وعرضت الجمعية المغربية للتضامن برنامجها، وقدمه مديرها الجهوي جمال النواس خلال اللقاء.",
         "المدير الجهوي للجمعية المغربية للتضامن"),
    ],
)
def test_possessive_titles_name_the_body_just_named(text, role):
    found = [p for p in extracted_persons(text).values() if p.role]
    assert [p.role for p in found] == [role]


def test_foreign_given_names_from_packaged_data_need_context():
    lex = name_lexicon()
    # Transliterated Western given names are in the lexicon, in the tier that needs a title or a verb.
    assert {"ليزا", "ريكاردو"} <= lex.common_given | lex.given
    # Arabic words whose romanization is a Western name are not (عدم "Adam", دون "Don").
    assert not {"عدم", "دون"} & (lex.common_given | lex.given)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A title closed by a nationality adjective announces a foreign name the lexicon lacks.
        ("وأشاد رئيس الوزراء الكندي جاستن ترودو بالتجربة.", "جاستن ترودو", "رئيس الوزراء الكندي"),
        ("واستقبل الوزير الإثيوبي هايلي كاسا الوفد المغربي.", "هايلي كاسا", "الوزير الإثيوبي"),
        # An acronym in brackets inside the role before the name; the role drops it.
        ("وقال رئيس المجلس الإداري للتعاضدية العامة (MGPAP)، عبد الحق العلمي، إن التعاضد ركيزة.", "عبد الحق العلمي",
         "رئيس المجلس الإداري للتعاضدية العامة"),
    ],
)
def test_titles_before_foreign_names(text, name, role):
    found = by_name(text)
    assert normalize(name) in found, list(found)
    assert found[normalize(name)].role == role


def test_a_nationality_adjective_does_not_make_a_word_a_name():
    assert persons("والتقى الوزير الفرنسي مباشرة الوفد المغربي.") == []


def test_a_verb_after_a_nationality_adjective_is_not_a_name():
    # A word opening like an imperfect verb (يؤكد، تتحدث) never starts a name the lexicon lacks.
    assert persons("وقال إن الوزير الفرنسي يؤكد أهمية التعاون.") == []


def test_a_lexicon_surname_closes_a_name_before_the_object():
    found = by_name("وقدمت الباحثة نادية الشرقاوي عرضا حول التجربة.")
    assert list(found) == [normalize("نادية الشرقاوي")]


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("وعرضت لوحات الفنان التشكيلي حسن الكلاوي في الرواق.", "حسن الكلاوي", "الفنان التشكيلي"),
        ("وتحدثت المقاولة الشابة سناء بنعلي عن تجربتها.", "سناء بنعلي", "المقاولة الشابة"),
    ],
)
def test_professions_are_roles(text, name, role):
    found = by_name(text)
    assert found[normalize(name)].role == role


def test_a_quantifier_between_commas_is_not_a_name():
    assert persons("ودعا رئيس الجمعية، كافة المتدخلين، إلى الانخراط.") == []


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("وقال محمد العلوي، رئيس جمعية الأمل للتنمية والتي تأسست سنة 2000، إن العمل مستمر.", "محمد العلوي",
         "رئيس جمعية الأمل للتنمية"),
        ("وأكد أحمد الإدريسي، رئيس الشبكة في تصريح للجريدة، أن العمل مستمر.", "أحمد الإدريسي", "رئيس الشبكة"),
        ("وقال عزيز أخنوش رئيس الحكومة في كلمة له إن القطاع واعد.", "عزيز أخنوش", "رئيس الحكومة"),
        ("وأوضحت نادية العلوي، المنسقة الجهوية للمشروع وهي مهندسة فلاحية، أن الموسم جيد.", "نادية العلوي",
         "المنسقة الجهوية للمشروع"),
        # في that belongs to the role stays.
        ("وقال سفير المغرب في إسبانيا، كريم القاسمي، إن الشراكة متينة.", "كريم القاسمي", "سفير المغرب في إسبانيا"),
    ],
)
def test_where_a_role_ends(text, name, role):
    assert by_name(text)[normalize(name)].role == role


def test_a_list_of_honorees_continues_after_a_person():
    text = "وتم تكريم كل من الحاجة فاطنة بوخريص وعائشة الشنا ورشيد الطالبي العلمي."
    assert [p.name for p in persons(text)] == ["فاطنة بوخريص", "عائشة الشنا", "رشيد الطالبي العلمي"]


def test_a_listed_given_name_needs_a_clear_end():
    assert [p.name for p in persons("وحضر محمد العلوي ومحمد الجديد في الحفل.")] == ["محمد العلوي"]


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A و-title after a previous person opens the next person, across a bracketed acronym.
        ("وقع رئيس الاتحاد (UAM)، محمد العلوي، ورئيس الشبكة الإفريقية (RAESS)، أمادو ديالو، الاتفاقية.", "أمادو ديالو",
         "رئيس الشبكة الإفريقية"),
        # The name's Latin spelling in brackets before the role after it.
        ("وحضرت ليزا مولر (Lisa Müller)، المنسقة الجهوية للمشروع، اللقاء.", "ليزا مولر", "المنسقة الجهوية للمشروع"),
        # A quoted name inside the role before the name.
        ("التقينا رئيسة تعاونية «أزهار الجبل»، رقية أوحدو، في مقر التعاونية.", "رقية أوحدو",
         "رئيسة تعاونية «أزهار الجبل»"),
    ],
)
def test_roles_across_brackets_and_quotes(text, name, role):
    assert by_name(text)[normalize(name)].role == role


def test_the_treasurer_is_a_title_not_a_name():
    assert persons("وقالت أمينة المال إن الميزانية كافية.") == []
    assert [p.name for p in persons("وقالت أمينة العلوي إن الميزانية كافية.")] == ["أمينة العلوي"]
