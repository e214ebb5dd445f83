from django.urls import path

from feedback import views

app_name = "feedback"
urlpatterns = [
    path("page/", views.answer, name="answer"),
    path("survey/", views.survey, name="survey"),
    path("survey/thanks/", views.survey_thanks, name="survey_thanks"),
]
