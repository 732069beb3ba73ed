"""Arabic news sentences and their English translations, written for the
tests: twelve on distinct topics, plus a merge, a split and an unrelated
English sentence."""

# Twelve news sentences on distinct topics and their English translations.
PAIRS = [
    ("رفع البنك المركزي أسعار الفائدة بمقدار نصف نقطة مئوية يوم الثلاثاء للحد من التضخم.",
     "The central bank raised interest rates by half a percentage point on Tuesday to curb inflation."),
    ("تسببت الأمطار الغزيرة في فيضانات في عدة قرى في شمال البلاد.",
     "Heavy rains caused flooding in several villages in the north of the country."),
    ("فاز المنتخب الوطني لكرة القدم في مباراته ضد اليابان بهدفين مقابل هدف واحد.",
     "The national football team won its match against Japan by two goals to one."),
    ("اكتشف العلماء نوعا جديدا من الضفادع في الغابات الاستوائية في أمريكا الجنوبية.",
     "Scientists discovered a new species of frog in the tropical forests of South America."),
    ("أطلقت وزارة الصحة حملة تطعيم للأطفال في المدارس.",
     "The ministry of health launched a vaccination campaign for children in schools."),
    ("انخفض سعر النفط بشكل حاد بعد أن اتفقت الدول المنتجة على زيادة الإنتاج.",
     "The price of oil fell sharply after producing countries agreed to increase output."),
    ("افتتح متحف جديد للفن الإسلامي أبوابه أمام الزوار في المدينة القديمة.",
     "A new museum of Islamic art opened its doors to visitors in the old city."),
    ("التقى الرئيس برئيس الوزراء لمناقشة إصلاح نظام التعليم.",
     "The president met the prime minister to discuss the reform of the education system."),
    ("شارك آلاف الطلاب في مظاهرة للمطالبة بخفض الرسوم الجامعية.",
     "Thousands of students took part in a demonstration demanding lower university fees."),
    ("أعلنت الشركة أنها ستبني محطة للطاقة الشمسية في الصحراء.",
     "The company announced that it will build a solar power plant in the desert."),
    ("تمكن رجال الإطفاء من إخماد حريق كبير اندلع في مصنع للنسيج.",
     "Firefighters managed to put out a large fire that broke out in a textile factory."),
    ("ألغت شركة الطيران عشرات الرحلات بسبب إضراب الطيارين.",
     "The airline cancelled dozens of flights because of a pilots' strike."),
]
AR = [a for a, _ in PAIRS]
EN = [e for _, e in PAIRS]

# Two Arabic sentences a translator renders as one English sentence (2-1)...
MERGE_AR = ("وصل وزير الخارجية إلى القاهرة صباح اليوم.", "وسيلتقي خلال زيارته بعدد من المسؤولين المصريين.")
MERGE_EN = ("The foreign minister arrived in Cairo this morning and will meet several Egyptian "
            "officials during his visit.")
# ...and one Arabic sentence rendered as two (1-2).
SPLIT_AR = ("عثر علماء الآثار على عملات ذهبية قديمة خلال أعمال التنقيب قرب النهر، "
            "وسيتم عرضها في المتحف الوطني العام المقبل.")
SPLIT_EN = ("Archaeologists found ancient gold coins during excavations near the river.",
            "They will be shown in the national museum next year.")
# An English sentence with no Arabic source, about nothing in the document.
UNRELATED_EN = "The recipe calls for two cups of flour, a pinch of salt and some warm water."
