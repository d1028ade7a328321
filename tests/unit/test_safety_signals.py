"""The safety reader's rules for situations told without danger words (actions/safety/signals.py).

Each rule is checked on messages a mediator might type, with the exact decision: the protocol at
once (its risk type), one screening question (which one), or nothing. Negative sentences are
near misses: the same words in a dispute where nobody is at risk.
"""
import pytest

from actions.safety import assess, read
from actions.safety.signals import normalise, relationship


def decision(text):
    s = read(text)
    return (s.level, s.risk if s.level != "none" else None, s.screen)


CLEAR = "clear"
ASK = "ambiguous"
NOTHING = ("none", None, None)


# --- suicide and self-harm -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "his daughter rang, she's frightened he might do something to himself after the ruling",
    "the lawyer says he already made one attempt on his life last spring",
    "she told me she's been scratching up her own arms since the separation",
    "he said it would be easier for everyone if he wasn't around",
])
def test_suicide_told_without_the_word_gets_the_protocol(text):
    assert decision(text) == (CLEAR, "suicide_self_harm", None)


@pytest.mark.parametrize("text", [
    "the farmer keeps saying he doesn't see a way out of this",
    "two colleagues say she'd end it if they took the house",
    "he texted: after today none of it matters",
    "she's already given away her books and jewellery to her nieces",
    "he asked me to make sure his dog goes to his sister",
    "he asked whether the life insurance still pays out if you do it yourself, said it like a joke",
    "she told me she's gone over how she would do it",
    "his wife says he has stopped looking after himself, barely eats",
    "message from the respondent on her break: tell my girls i'm sorry",
    "he said he's got the tablets and it doesn't matter what we agree",
    "she mentioned the pills are in her bag and laughed",
])
def test_hints_of_suicide_ask_the_self_harm_question(text):
    assert decision(text) == (ASK, "suicide_self_harm", "self_harm")


@pytest.mark.parametrize("text", [
    "it'd be easier for everyone if he wasn't here today, he keeps interrupting",
    "xmas is the hill they both want to die on",
    "she wants to end it with him properly, through the court",
    "tell my husband i'm sorry i'm late, the trains are a mess",
    "can you tell the kids i'm sorry about missing the match",
    "she was scratching her arms, the cat got her this morning",
    "he gave his tools to the apprentice when he retired, now he wants them valued",
    "i can't see a way forward on the pension, any ideas",
])
def test_suicide_near_misses_are_nothing(text):
    assert decision(text) == NOTHING


def test_a_hint_of_suicide_outranks_a_threat_at_work():
    text = "a coworker has been threatening him for months and now he says he can't see a way out"
    assert decision(text) == (ASK, "suicide_self_harm", "self_harm")


# --- children ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "dad said he'll take the kids and she'll never see them again",
    "mum is planning to take the boys to her family in Brazil, no return date, dad has no idea",
    "he's booked one-way tickets to Karachi for himself and the baby",
    "she wants to move the children out of state tonight without telling him",
    "the girls went to stay with their father in Dubai for Easter and they never came back",
])
def test_taking_the_children_away_gets_the_child_protocol(text):
    assert decision(text) == (CLEAR, "child_at_risk", None)


@pytest.mark.parametrize("text", [
    "she's taking the kids to her family in Spain for the summer, he's agreed and signed the form",
    "he wants to move the children to his parents' town, they can't agree on schools",
    "the kids never see their grandparents anymore, mum wants that fixed",
])
def test_ordinary_moves_and_holidays_are_not_abduction(text):
    assert read(text).risk != "child_at_risk" or not read(text).clear


@pytest.mark.parametrize("text", [
    "the 5 yr old has come back from contact with bruises on both upper arms again",
    "mum found bruising right across his bottom after the weekend",
    "the teacher says the girl keeps turning up with bruises she won't explain",
    "he drives the kids home after a few beers every sunday, mum is frantic",
    "she was drinking all afternoon and then drove the children to the handover",
    "the 9 and 11 year olds are basically left to raise themselves",
    "her new boyfriend isn't allowed near schools but he does the nursery pickup",
    "the 13 yo said the lodger comes into her room at night when he's drunk",
])
def test_harm_neglect_and_drink_around_children_get_the_child_protocol(text):
    assert decision(text) == (CLEAR, "child_at_risk", None)


@pytest.mark.parametrize("text", [
    "the boy fell off his bike and has a bruise on his knee, dad blames mum",
    "dad had a couple of beers at the barbecue while the kids played, mum calls it irresponsible",
    "the 15 yo is home alone for an hour after school and dad thinks that's fine",
    "her brother keeps coming into her room and borrowing her charger, the 14 yo is furious",
])
def test_child_near_misses_are_nothing(text):
    assert decision(text) == NOTHING


def test_a_report_from_a_child_decides_the_protocol():
    text = "the 10 yo told the family consultant that dad keeps a gun under the seat and lets him play with it"
    assert decision(text) == (CLEAR, "child_at_risk", None)


def test_fear_for_the_children_with_a_weapon_at_home_is_the_childs_protocol():
    text = "he cleans his gun at the kitchen table while staring at her. she's terrified for the kids"
    assert decision(text)[:2] == (CLEAR, "child_at_risk")


def test_fear_for_the_children_alone_asks_first():
    assert decision("mum's frightened for the children when they go to him") == (ASK, "child_at_risk", "fear_kind")
    assert decision("she's worried about the kids' schooling after the move") == NOTHING
    assert decision("he's scared for the kids' future if the business goes") == NOTHING


def test_safeguarding_of_an_elderly_parent_is_not_a_child_at_risk():
    text = "mum's in a care home with dementia; safeguarding looked into the visits and closed it"
    assert read(text).risk != "child_at_risk"
    assert decision("the school made a safeguarding referral about the 7 yo") == (CLEAR, "child_at_risk", None)


def test_a_threat_about_her_kids_is_a_threat_to_her():
    text = "the landlord told her he knows where her kids go to school"
    assert decision(text) == (CLEAR, "threats_harassment", None)


# --- danger in the room now ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "he's planted himself between her and the door and won't sit",
    "the son has dragged a filing cabinet against the door, says nobody goes anywhere",
    "he came right across the table at her, I had to stand up",
    "one of them patted the inside of his coat and said he came prepared",
    "the brother said he brought something in case it kicks off",
    "the dismissed guard has his hand in his jacket pocket and is demanding to see the manager",
    "respondent followed the claimant out to the car park, I can see them from here",
    "he just grabbed her arm as she stood up",
])
def test_danger_in_the_room_now_gets_its_protocol(text):
    assert decision(text) == (CLEAR, "danger_now", None)


@pytest.mark.parametrize("text", [
    "he said he needs to get something from his car and went out twenty minutes ago",
    "the ex just pulled back into the car park and is sitting there",
    "the husband is at reception asking which room she's in",
    "she's watching him reach into the glovebox from the window",
])
def test_someone_coming_back_or_reaching_into_the_car_asks_first(text):
    assert decision(text) == (ASK, "danger_now", "general")


@pytest.mark.parametrize("text", [
    "the revised offer came across the table at nine",
    "he patted his jacket looking for his reading glasses",
    "she brought something for him from the kids, a card",
    "nobody's leaving until we've got heads of terms, I told them",
    "the husband came back into the room after lunch and apologised",
])
def test_danger_near_misses_are_nothing(text):
    assert decision(text) == NOTHING


def test_a_past_incident_at_home_is_not_danger_now():
    assert decision("yesterday she stood over him and slapped him, he won't be alone with her now") == (
        CLEAR, "domestic_abuse", None)
    assert decision("he keeps pacing behind her chair and she flinches") == (CLEAR, "danger_now", None)


def test_a_story_told_now_is_not_danger_now():
    # "now" and "in the hallway" in a story: when she told it, not when it happens
    assert decision("her husband grabbed her by the wrist once in the car, they now want a parenting plan") == (
        CLEAR, "domestic_abuse", None)
    assert decision("she whispered in the hallway that he hit her last christmas") == (CLEAR, "domestic_abuse", None)


# --- domestic abuse: control, strangling ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "she said quite lightly that he once had his hands around her throat",
    "he has her hand over her wages every friday and gives her pocket money back",
    "she says he took her passport when they arrived and won't give it back",
    "he makes her keep her location on all day and rings if it goes off",
    "she has to account for every mile she drives, he checks",
    "her mum says he hasn't let her have a bank card in years",
    "he unlocked her phone with her thumb while she slept",
    "sister thinks it's financial abuse, he's emptied mum's savings",
    "every time she tries to answer he answers for her",
    "in caucus she said she's not allowed to see her friends",
    "she's 'not allowed' to drive the car, she said",
])
def test_coercive_control_gets_the_abuse_protocol(text):
    assert decision(text) == (CLEAR, "domestic_abuse", None)


@pytest.mark.parametrize("text", [
    "his lawyer wants her to hand over her salary details and pension statements",
    "she took her passport to the embassy to renew it",
    "the trustees must account for every penny, that's the point",
    "the formula makes her share the school fees fifty fifty",
    "her solicitor answered for her on the disclosure point",
    "the dog follows her everywhere, it's part of the argument about who keeps it",
    "the costs would wipe out the whole family's savings",
])
def test_control_near_misses_are_nothing(text):
    assert decision(text) == NOTHING


def test_nowhere_to_go_asks_first():
    assert decision("he said she'll come crawling back, she's got nowhere to go") == (ASK, "domestic_abuse", "general")


# --- threats and harassment: work, neighbours, landlords -----------------------------------------

@pytest.mark.parametrize("text", [
    "the sacked warehouse worker told a colleague he's going to shoot everyone on the late shift",
    "a customer posted the shop owner's home address online after the refund row",
    "the contractor's been ringing the office manager, 'you know what happens to people who don't pay'",
    "the colleague has emailed her 45 times since the grievance, she's off sick",
])
def test_threats_at_work_get_the_threats_protocol(text):
    assert decision(text) == (CLEAR, "threats_harassment", None)


@pytest.mark.parametrize("text", [
    "the neighbour has stood outside her house every night this week",
    "the ex-tenant has parked outside the office every morning since the eviction",
    "another tenant keeps filming her on his phone in the stairwell",
    "the landlord switched off their heating and cut off their hot water",
    "the neighbour watches from his landing into her bedroom window",
    "the club treasurer has sent her dozens of emails this month, each nastier",
    "the landlord keeps turning up at the cafe where she works about the rent",
])
def test_watching_following_and_pestering_ask_about_intimidation(text):
    assert decision(text) == (ASK, "threats_harassment", "intimidation")


@pytest.mark.parametrize("text", [
    "the supplier emailed us three times about the invoice",
    "she waits outside the school every afternoon for pickup, he says that's his slot",
    "the neighbour's camera app sends alerts whenever the fox comes by",
    "he'd rather burn the boat than watch her walk away with it",
])
def test_harassment_near_misses_are_nothing(text):
    assert decision(text) == NOTHING


def test_a_business_partner_is_not_a_spouse():
    assert relationship("his business partner has been ringing his wife") == "threats_harassment"
    assert relationship("she lives with her grandson, who took her pension") == "domestic_abuse"


def test_fear_for_the_children_in_a_threat_at_work_keeps_the_threats_type():
    text = "a warehouse driver on his shift followed his car home twice; he's afraid for his kids"
    assert decision(text) == (CLEAR, "threats_harassment", None)


# --- what is still not danger -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "she's still grieving her brother, every figure about the house sets her off",
    "his solicitor threatened to take it to the tribunal if we don't settle",
    "he's beating her on every point in the valuation",
    "can the new partner sit in on the afternoon session or is that a problem",
    "is it ok if her sister waits in the corridor",
    "until she feels heard nothing will land",
])
def test_grief_legal_threats_winning_and_who_is_in_the_room_stay_nothing(text):
    assert decision(text) == NOTHING


def test_a_wish_to_feel_safe_is_not_a_screening_answer():
    # "until she feels safe" does not clear the message: the sexual comments still ask
    text = "she won't sit with him until she feels safe; he's made sexual comments to her at work for months"
    assert read(text).level == ASK and not read(text).cleared
    assert read("I checked with her privately, she feels safe with him").cleared


def test_quotation_marks_do_not_hide_phrases():
    assert normalise("she's 'not allowed' out") == "she's not allowed out"
    assert normalise("the kids' passports") == "the kids passports"
    assert normalise("it's fine") == "it's fine"


def test_the_learned_reader_still_joins_the_new_rules():
    # a clear rule signal the reader doubts asks first; a suicide one never does
    assert assess("she's 'not allowed' to see her sister", classifier=0.05, risks={"domestic_abuse": 0.9}).level == ASK
    assert assess("he already made one attempt on his life", classifier=0.05,
                  risks={"threats_harassment": 0.9}).clear


@pytest.mark.parametrize("text", [
    "she's beating him hands down on the numbers",
    "we crushed them on the first offer and they know it",
    "she followed him into the mediation room ten minutes late",
    "the builder claimed a PC sum allowance for the bathroom fittings",
    "he gives her an allowance for the kids' school trips, that's the sticking point",
])
def test_winning_walking_in_late_and_allowances_are_nothing(text):
    assert decision(text) == NOTHING


def test_an_adult_kept_on_an_allowance_asks_about_intimidation():
    assert decision("she's given an allowance by him each week and it's never enough") == (
        ASK, "domestic_abuse", "intimidation")


def test_going_back_in_is_not_a_past_incident():
    # "go back in" is no "back in November": the knife in the room is danger now
    text = "there's a knife in his bag, i'm out in the hall, they're in the room together. do i go back in"
    assert decision(text) == (CLEAR, "danger_now", None)
    assert decision("a colleague told her back in March that he'd kill her, they share an office") == (
        CLEAR, "threats_harassment", None)


@pytest.mark.parametrize("text", [
    "he's asking to do the last bit together so they can 'shake on it'",
    "both want to sign the final part together",
    "can i just bring them together for 5 minutes",
])
def test_a_joint_session_asked_for_in_other_words(text):
    from actions.safety.signals import asks_joint_session
    assert asks_joint_session(text)


def test_after_an_all_clear_only_a_new_sharper_signal_is_screened():
    from actions.safety.state import CaseSafety
    from actions.safety_turns import may_screen
    from actions.situation import Situation
    asked = Situation().asking("safety_screen", ("intimidation", "threats_harassment")).answered_screen()
    fresh = CaseSafety(None, None, None)
    assert may_screen("intimidation", Situation(), fresh, False)
    assert not may_screen("intimidation", asked, fresh, False)  # the same question never twice
    assert not may_screen("general", asked, fresh, False)  # nothing sharper
    assert may_screen("physical_or_winning", asked, fresh, False)  # "i'm going to finish him"
    assert not may_screen("physical_or_winning", asked, fresh, True)


# --- intimidation at close range, crises told without danger words (writer D and new real cases) ---
@pytest.mark.parametrize("text", [
    "omg hes just stood up and is shouting right over her face, finger in her face, shes backed into the wall",
    "he's right in her face screaming",
    "he was screaming inches from her face",
    "Clin neg client. Just told him prospects are slim, he's up out of his chair, leaning over my desk.",
    "landlord went straight after him saying 'we'll finish this outside'",
    "the dad grabbed the folder out of her hands and is saying she is not walking out of here with my kids",
    "one of the brothers is clutching his chest, gone grey and sweaty",
    "and she's collapsed in her cubicle, shaking, hand on her chest",
])
def test_close_range_intimidation_and_a_crisis_now_get_the_danger_protocol(text):
    assert decision(text)[:2] == (CLEAR, "danger_now")


@pytest.mark.parametrize("text", [
    "the ceo got in my face about the numbers lol, i held my ground",
    "his lawyer was in my face all morning about disclosure",
    "she was shouting over the top of him the whole time",
    "the deal collapsed last week",
    "she wants to end it amicably, no drama",
    "he won't let her leave the partnership without paying her share",
])
def test_figures_of_speech_about_faces_collapses_and_leaving_are_nothing(text):
    assert decision(text)[0] != CLEAR


@pytest.mark.parametrize("text, risk", [
    ("the father said in caucus 'doesn't matter what we agree, I won't be around to see it anyway'", "suicide_self_harm"),
    ("she's been going to the bridge near work at lunch, just standing there looking down", "suicide_self_harm"),
    ("mum says the kids' passports have gone from the drawer and dad talks about a long holiday back home", "child_at_risk"),
    ("he will take the child to Dubai on Sunday, tickets booked, mother's consent not taken", "child_at_risk"),
    ("found a little lad about five crying in the courtyard, no grown up anywhere", "child_at_risk"),
    ("her son (he's 9, autistic) came home with scratches and a bruise on his arm after pickup", "child_at_risk"),
    ("respondent told me he knows where the claimant's lawyer lives and 'she should think about that'",
     "threats_harassment"),
])
def test_risks_told_without_the_words_get_their_own_protocol(text, risk):
    assert decision(text)[:2] == (CLEAR, risk)


def test_other_languages_tell_suicide_and_bruises():
    from actions.safety.signals import foreign_danger
    assert foreign_danger("Mężczyzna powiedział, że nie widzi już sensu żyć i ma w samochodzie tabletki.")
    assert foreign_danger("A mãe contou que o menino volta da casa do pai com marcas roxas nas costas.")
    assert not foreign_danger("A mãe quer vender a casa e o pai não concorda.")


def test_what_a_mediator_says_while_a_concern_is_open():
    from actions.safety.signals import asks_for_note, asks_go_on_or_end, says_ending
    assert asks_go_on_or_end("should i just carry on in seperate rooms or end it")
    assert asks_go_on_or_end("do i stop or keep going")
    assert not asks_go_on_or_end("she wants to carry on with the pension first")
    assert says_ending("ending it. add a note he shouted at her and we stopped")
    assert says_ending("ok we're stopping for today") and not says_ending("they stopped talking about the house")
    assert asks_for_note("ending it. add a note he shouted at her physically close and we stopped")
    assert asks_for_note("note: he admitted pushing her in 2019") and not asks_for_note("he noted the date")


def test_the_open_concern_replies_speak_of_the_risk_and_do_not_repeat_the_steps():
    from actions.safety import replies
    from actions.safety.protocols import default_protocols
    protocols = default_protocols()
    decide = replies.go_on_or_end_reply(protocols, "suicide_self_harm", "the husband", "the wife").text
    assert decide.startswith(replies.STILL_FIRST) and "Stop the dispute for today" in decide
    assert "leave first" not in decide.lower() and "the husband" in decide
    ending = replies.ending_reply(protocols, "danger_now", "the wife", "the husband", noted="Noted.").text
    assert "ending for today is a sound call" in ending and "the wife goes first" in ending
    again = replies.still_open_reply(protocols, "domestic_abuse").text
    assert replies.NEXT_STEPS not in again and "domestic abuse" in again
    first = replies.follow_up_reply(protocols, "domestic_abuse", None, None).text
    assert first.startswith(replies.STILL_FIRST) and replies.NEXT_STEPS in first


def test_a_house_number_is_no_negation_and_after_the_last_session_is_not_now():
    # "the man at no 12 followed her": "no 12" is an address; the last session is past
    assert decision("neighbours. the man at no 12 followed her to the car park after the last session "
                    "and filmed her on his phone")[:2] == (CLEAR, "threats_harassment")
    assert decision("he never followed her to the car park")[0] == "none"


def test_a_child_harming_themselves_gets_the_child_protocol():
    assert decision("mum mentioned in passing that she found blood on her daughters sheets and cuts on her "
                    "thighs last month, but said she's dealing with it")[:2] == (CLEAR, "child_at_risk")
    assert decision("he has cuts on his arms and says he wants to end it all")[:2] == (CLEAR, "suicide_self_harm")


def test_a_report_that_makes_an_open_concern_urgent_repeats_the_steps_for_it():
    from actions.safety import replies
    from actions.safety.protocols import default_protocols
    protocols = default_protocols()
    flights = replies.urgent_steps(protocols, "child_at_risk", "flights are booked for tonight, he has both passports").text
    assert flights.startswith(replies.STILL_FIRST) and "urgent" in flights
    assert "call the police" in flights and "port alert" in flights and "passport somewhere safe" in flights
    waiting = replies.urgent_steps(protocols, "domestic_abuse", "he is waiting outside in the car park for her",
                                   "the wife", "the husband").text
    assert "Let the wife leave first" in waiting and "port alert" not in waiting
    # A calm report is not urgent: the ordinary follow-up answers it.
    assert replies.urgent_steps(protocols, "domestic_abuse", "ok she is calmer now thanks") is None


@pytest.mark.parametrize("text,risk", [
    ("the husband has come charging down the garden and has Mr L by the neck over the low wire fence", "danger_now"),
    ("he suddenly went for them and has barricaded himself in the treatment room now", "danger_now"),
    ("other people have come out of the house holding knives", "danger_now"),
    ("the two of them are standing in the doorway so nobody can get out", "danger_now"),
    ("there's a toddler on his own in a freezing bedroom, no adult anywhere", "child_at_risk"),
    ("her little girl, about four, is in there on her own", "child_at_risk"),
    ("little lad crying behind a door, I can hear him saying 'mummy gone'", "child_at_risk"),
    ("wife rang me from A&E last night, said she'd taken a whole bottle of sleeping pills", "suicide_self_harm"),
    ("she says she'd started having scary thoughts about wanting to die", "suicide_self_harm"),
])
def test_danger_told_without_danger_words_is_clear_and_of_its_type(text, risk):
    signal = read(text)
    assert (signal.level, signal.risk) == ("clear", risk), text


@pytest.mark.parametrize("text", [
    "she left the baby alone with her mum for an hour",
    "he went for the house in the end",
    "she's petrified of losing the house, says it'll kill her to move the kids. figure of speech, she means she's devastated",
    "did the DV screening with both separately, nothing came up, no orders, no police. proceeding joint",
])
def test_ordinary_words_and_said_not_meant_raise_nothing(text):
    assert read(text).level != "clear", text


def test_being_told_to_die_is_asked_about_as_self_harm():
    signal = read("some classmates keep telling her to die")
    assert (signal.level, signal.risk) == ("ambiguous", "suicide_self_harm")


def test_a_bare_fear_told_with_money_or_work_is_about_the_outcome():
    assert read("it's more that he's scared. self employed, still can't lift properly, no idea if he'll get back to "
                "full work").level == "none"
    assert read("she is scared, he has a temper").level == "ambiguous"


@pytest.mark.parametrize("text, risk", [
    ("she'd rather not be here at all, and she's been putting her tablets by in a drawer just in case", "suicide_self_harm"),
    ("he told her he had to sleep in the car because daddy's friends were over and it was too loud", "child_at_risk"),
])
def test_means_put_by_and_a_childs_neglect_told_plainly_are_clear(text, risk):
    assert (read(text).level, read(text).risk) == ("clear", risk)


@pytest.mark.parametrize("text", [
    "mum says she feels backed into a corner",
    "downstairs dad said he'd 'beat him at his own game' and now blasts white noise at the ceiling",
    "the builder's going to murder me when I tell him she won't budge",
])
def test_figures_of_speech_raise_nothing(text):
    assert read(text).level == "none", text


def test_a_fear_of_the_outcome_answers_the_screening_question_no():
    from actions.safety import screen_answer
    assert screen_answer("she says she's terrified of losing the flat, her son's at the school round the corner") is False
    assert screen_answer("yes she is terrified of him") is True


def test_keeping_going_asked_about_while_a_concern_is_open_is_the_go_on_or_end_question():
    from actions.safety.signals import asks_go_on_or_end
    assert asks_go_on_or_end("she wants to keep going today because she just wants it over. is that ok?")
    assert not asks_go_on_or_end("she wants to carry on with the pension first")


def test_the_means_to_take_the_children_ready_is_clear_in_a_case_with_children():
    context = "parenting, two kids 4 and 7, dad wants the whole summer in poland"
    signal = read("she just told me he's booked flights for friday and has both passports", context)
    assert (signal.level, signal.risk) == ("clear", "child_at_risk")
    assert read("they booked flights for the holiday, passports are sorted, both agreed", context).level == "none"
    assert read("he's booked flights for friday and has both passports", "two business partners, a trade show").level == "none"
    # a fear the children will be taken is asked about; a trip to the park is not
    fear = read("yes she's scared he'll just take them", context)
    assert (fear.level, fear.risk) == ("ambiguous", "child_at_risk")
    assert read("she is worried he will take the kids to the park without asking").level == "none"


def test_a_fear_the_children_will_be_taken_keeps_the_childrens_type_through_the_yes():
    from actions.safety_turns import answered_risk
    # the learned reader's likeliest type does not replace it
    signal = assess("she's scared he'll just take them", context="parenting, two kids 4 and 7", classifier=0.5,
                    risks={"domestic_abuse": 0.8, "child_at_risk": 0.1})
    assert (signal.level, signal.risk) == ("ambiguous", "child_at_risk")
    # and a bare "yes" to the question about it gives the children's protocol
    assert answered_risk("yes", "two kids 4 and 7. she's scared he'll just take them", "fear_kind",
                         "domestic_abuse") == "child_at_risk"


def test_a_past_event_reported_on_an_open_concern_is_not_called_urgent():
    from actions.safety import replies
    from actions.safety.protocols import default_protocols
    assert replies.urgent_steps(default_protocols(), "domestic_abuse", "he also grabbed her arm in the car park last week") is None
    assert replies.urgent_steps(default_protocols(), "child_at_risk", "he's booked flights for friday and has both passports") is not None


def test_a_shop_with_nowhere_else_to_go_and_beating_her_on_targets_raise_nothing():
    assert read("no, it's more that she genuinely has nowhere else to go, no other premises in town").level == "none"
    assert read("she says he's beating her on every target because he steals her leads").level == "none"
    assert read("she has nowhere else to go, he has the keys and her money").level == "ambiguous"


@pytest.mark.parametrize("text", [
    "There was a restraining order between the two neighbours back in 2011 over a fence, it lapsed, they've both moved on",
    "Social services looked into the family in 2013 after a malicious report, closed with no further action.",
    "She self-harmed as a teenager, 20 years ago; she's well and in a good place. The dispute is flexible working.",
    "The brothers had a punch-up in the school playground in 1979. They joke about it now. Estate mediation about the farm.",
    "Mum died of an overdose two years ago. Today is dad and the grandparents working out contact.",
])
def test_a_risk_told_as_long_over_raises_nothing(text):
    assert decision(text) == NOTHING


@pytest.mark.parametrize("text", [
    "there was an injunction in 2016 that ended in 2017 but he's started turning up at her work again",
    "he threatened to kill her back in 2015, it lapsed, but now he's texting her again",
])
def test_a_past_risk_that_has_started_again_still_counts(text):
    assert read(text).clear


def test_past_abuse_between_a_couple_is_asked_about_not_passed_over():
    text = "he hit his wife in 2019, nothing since, they're divorcing now"
    assert decision(text) == (ASK, "domestic_abuse", "general")


@pytest.mark.parametrize("text", [
    "You flagged danger but they were talking about the knife block in the kitchen inventory.",
    "I didn't say he had a weapon, I said he has a weapon of a lawyer. Autocorrect mangled it.",
    "Please stop sending me helplines. The 'overdose' was the kennel giving the dog a double dose of its wormer.",
    "Stop, that was a joke. 'I could murder a coffee' is not a threat. Back to the parenting plan please",
])
def test_the_mediator_saying_the_assistant_over_read_raises_nothing(text):
    assert decision(text) == NOTHING


@pytest.mark.parametrize("text", [
    "he said 'doesnt matter what you decide, i wont be around to work it'",
    "if they sell it theres nothing left for me, i'll sort myself out before the agent does. he keeps the rifles at the house",
])
def test_suicide_told_in_passing_is_clear(text):
    assert decision(text)[:2] == (CLEAR, "suicide_self_harm")


def test_giving_treasured_things_away_is_asked_about_and_a_retirement_gift_is_not():
    assert decision("and he gave his mate his season ticket this morning")[2] == "self_harm"
    assert decision("he gave his tools to the apprentice when he retired, now he wants them valued") == NOTHING
    assert decision("I won't be around to see it on friday, I'm on holiday") == NOTHING


@pytest.mark.parametrize("text, topic", [
    ("do i have to report it?", "reporting"),
    ("do i have to report it? im in california", "reporting"),
    ("how do i wrap today up without him twigging why", "what_to_say"),
    ("should i say something to ryan about the texts?", "what_to_say"),
    ("ryan's asking me where jade's new salon is 'for the non-compete'", "what_to_say"),
    ("the sisters want to know if we're adjourning. what do i tell them without breaking what he said", "what_to_say"),
    ("should i get a valuer in?", None),
    ("can we just do 10 mins together at the end to sign?", None),
])
def test_questions_about_handling_a_concern(text, topic):
    from actions.safety.signals import safety_question
    assert safety_question(text) == topic


def test_the_protocols_answer_reporting_and_what_to_say_per_risk():
    from actions.safety import replies
    from actions.safety.protocols import default_protocols
    protocols = default_protocols()
    child = replies.safety_question_reply(protocols, "child_at_risk", "reporting", None, None).text
    assert child.startswith(replies.STILL_FIRST) and "act on it today" in child
    adult = replies.safety_question_reply(protocols, "domestic_abuse", "reporting", "the wife", "the husband").text
    assert "usually not something a mediator must report" in adult and "the wife" in adult
    stalking = replies.safety_question_reply(protocols, "threats_harassment", "what_to_say", "Jade", "Ryan").text
    assert "Never give out where Jade lives" in stalking
    suicide = replies.safety_question_reply(protocols, "suicide_self_harm", "what_to_say", None, None).text
    assert "leave first" not in suicide.lower() and "Don't let the person at risk leave alone" in suicide


def test_a_person_at_risk_of_suicide_gone_off_alone_and_a_risk_played_down():
    from actions.safety import replies
    from actions.safety.protocols import default_protocols
    alone = replies.gone_alone_reply(default_protocols(), None, "he's gone out to his ute. says he needs air").text
    assert "Don't leave him on his own now" in alone and "999, 911 or 112" in alone
    from actions.safety.signals import GONE_ALONE, PLAYED_DOWN
    assert GONE_ALONE.search("he's gone out to his ute. says he needs air")
    assert PLAYED_DOWN.search("he says he was joking. wants to just get on with it")
    down = replies.played_down_reply(default_protocols(), "domestic_abuse", "the wife", "the husband").text
    assert "doesn't mean it has passed" in down and down.startswith(replies.STILL_FIRST)


@pytest.mark.parametrize("text, risk", [
    ("in caucus she said Tom has the passwords to her bank and email 'so he can help', she photographs every receipt "
     "and sends it to him", "domestic_abuse"),
    ("she says when they're at Connor's he goes out some nights and leaves them, the 9yo minds the little one", "child_at_risk"),
    ("the 4yo came back from her dad's with a burn on her arm", "child_at_risk"),
    ("he's out in the car park by Bernard's car with a spade in his hand saying he'll wait as long as it takes", "danger_now"),
    ("he's 'put everything in order' and the kids would be 'better off sorting it without me'", "suicide_self_harm"),
    ("Darren 'looks after' her pension card, she gets £20 a week, she's not allowed her friend round any more",
     "domestic_abuse"),
])
def test_more_danger_told_without_danger_words(text, risk):
    assert decision(text)[:2] == (CLEAR, risk)


def test_stalking_told_in_passing_is_clear():
    assert read("he's been parked outside her house some nights, turns up at the gym at her times").clear
    assert read("he messaged her new number the day after she changed it").clear
    assert decision("he goes out on fridays and leaves them with his mum") == NOTHING
    assert decision("the gardener was in the car park with a spade in his hand planting bulbs") == NOTHING


@pytest.mark.parametrize("text", [
    "she says she's fine and doesn't want to make a fuss, wants to carry on. can we just do 10 mins together?",
    "connor says it was one time and the burn was an accident. should I just carry on with the schedule and note it?",
    "Keith's come back in, says he was only joking, wants to finish the session",
    "he says he's fine he's just tired wants to carry on and get it signed today so it's done",
    "do I have to report this? she's an adult",
])
def test_a_screening_question_answered_by_playing_it_down_or_asking_how_to_handle_it_is_a_yes(text):
    from actions.safety import screen_answer
    assert screen_answer(text) is True


@pytest.mark.parametrize("text", [
    "mum just said 'if he gets kicked off the team it'll kill him, he lives for football'. he's fine",
    "he just said 'id murder her if i could' and laughed. theyre both in their 70s, its how he talks, shes laughing too",
    "it's more she's scared Ruby won't cope, she's never been away from her more than one night",
    "landlord said if she doesn't sign today he'll take her to court for the lot plus costs. that's his big threat",
    "if I don't get this settled she will murder me haha",
])
def test_figures_of_speech_legal_threats_and_worry_for_a_child_raise_nothing(text):
    assert decision(text) == NOTHING


def test_a_threat_to_a_person_is_asked_about_even_with_lawyers_involved():
    assert decision("he threatened her again, and her lawyer wants an injunction")[2] == "threat_kind"
    assert read("he kicked her out of the house and hit her").clear


def test_beating_him_set_against_the_thing_fought_over_is_winning():
    assert decision("neighbours. she says its about beating him now not the drive, and he threatened to sue her") == NOTHING
    assert decision("the police report is about beating her with a belt") != NOTHING


def test_with_two_parties_named_the_one_not_doing_the_harm_is_at_risk():
    from actions.safety.state import person_at_risk
    assert person_at_risk("in caucus she said Tom has the passwords to her bank and email", ["Tom", "Hannah"]) == "Hannah"
    assert person_at_risk("Darren 'looks after' her pension card, she gets 20 a week", ["Irene", "Darren"]) == "Irene"
    assert person_at_risk("the husband hit her", ["the husband", "the wife"]) == "the wife"
    assert person_at_risk("Tom has the passwords to her bank", ["Tom", "Hannah", "Jo"]) is None


def test_waiting_outside_her_house_and_a_photo_of_her_front_door_are_clear():
    assert read("Bev has been sitting outside her house in the car most evenings this week").clear
    assert read("and sent her a photo of her front door").clear
    assert decision("he was waiting outside her house at 8 to drive her to the session") == NOTHING
    assert decision("Ann says Bev is beating her at every vote and she's threatened to sue the committee") == NOTHING
