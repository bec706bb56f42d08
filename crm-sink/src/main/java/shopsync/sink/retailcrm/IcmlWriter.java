package shopsync.sink.retailcrm;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import shopsync.events.CatalogEntry;
import shopsync.sink.catalog.CatalogView;

/**
 * Writes the shop's catalog as RetailCRM's ICML, element by element (StAX): nothing but the current product is held in
 * memory, besides the vendors' names and the category ids. Element names as RetailCRM documents them
 * (help.retailcrm.pro/Developers/ICML, docs.simla.com/Developers/modules/ICML) and as its own WooCommerce module and
 * modRetailCRM's snippet write them: {@code yml_catalog[date]/shop/name, company, categories/category[id, parentId],
 * offers/offer[id, productId, quantity]} with {@code url, price, categoryId, picture, name, productName,
 * param[name, code], vendor, unit[code, name, sym], weight} (kg). See docs/retailcrm-catalog.md.
 */
final class IcmlWriter {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();
    /** Names modRetailCRM's snippet gives the msOptionsPrice2 options it knows. */
    private static final Map<String, String> OPTION_NAMES = Map.of("size", "Размер", "color", "Цвет");

    /**
     * What the feed is made of besides the catalog.
     *
     * @param siteUrl the shop's address for product URLs and pictures; null: none are written
     * @param modificationsAsOffers msOptionsPrice2 modifications are offers of their own ({@code retailcrm.offer-id: modretailcrm})
     * @param gramsPerWeightUnit 1000 when the shop weighs in kg, 1 in g
     */
    record Settings(String shopName, String siteUrl, boolean modificationsAsOffers, BigDecimal gramsPerWeightUnit) {}

    private IcmlWriter() {}

    /** Writes the catalog as {@code reading} sees it; returns the number of offers written. */
    static long write(CatalogView.Reading reading, OutputStream out, Settings settings, LocalDateTime now) throws XMLStreamException {
        Map<Long, String> vendors = new HashMap<>();
        reading.forEach("vendor:", e -> vendors.put(e.vendor().id(), e.vendor().name()));
        Set<Long> categories = new HashSet<>();
        reading.forEach("category:", e -> categories.add(e.category().id()));

        XMLStreamWriter xml = XML.createXMLStreamWriter(out, "UTF-8");
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeStartElement("yml_catalog");
        xml.writeAttribute("date", now.format(DATE));
        xml.writeStartElement("shop");
        element(xml, "name", settings.shopName());
        element(xml, "company", settings.shopName());
        xml.writeStartElement("categories");
        Failing failing = new Failing();
        reading.forEach("category:", e -> failing.run(() -> category(xml, e.category(), categories)));
        failing.rethrow();
        xml.writeEndElement();
        xml.writeStartElement("offers");
        long[] offers = {0};
        reading.forEach("product:", e -> failing.run(() -> {
            for (CatalogEntry.Offer offer : e.product().offers(settings.modificationsAsOffers())) {
                offer(xml, offer, settings, vendors, categories);
                offers[0]++;
            }
        }));
        failing.rethrow();
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeEndDocument();
        xml.flush();
        return offers[0];
    }

    /** A category; its parent only when that is a category of the feed too (a product may sit under a plain page). */
    private static void category(XMLStreamWriter xml, CatalogEntry.Category c, Set<Long> categories) throws XMLStreamException {
        xml.writeStartElement("category");
        xml.writeAttribute("id", String.valueOf(c.id()));
        if (categories.contains(c.parentId())) xml.writeAttribute("parentId", String.valueOf(c.parentId()));
        xml.writeCharacters(clean(c.name()));
        xml.writeEndElement();
    }

    private static void offer(XMLStreamWriter xml, CatalogEntry.Offer o, Settings s, Map<Long, String> vendors, Set<Long> categories)
            throws XMLStreamException {
        CatalogEntry.Product p = o.product();
        xml.writeStartElement("offer");
        xml.writeAttribute("id", o.id());
        xml.writeAttribute("productId", String.valueOf(p.id()));
        if (o.quantity() != null) xml.writeAttribute("quantity", String.valueOf(Math.max(0, o.quantity())));
        if (s.siteUrl() != null && p.uri() != null) element(xml, "url", join(s.siteUrl(), p.uri()));
        element(xml, "price", o.price() == null ? "0" : o.price().toPlainString());
        if (categories.contains(p.categoryId())) element(xml, "categoryId", String.valueOf(p.categoryId()));
        if (s.siteUrl() != null && p.image() != null) element(xml, "picture", join(s.siteUrl(), p.image()));
        element(xml, "name", o.name());
        element(xml, "productName", p.name());
        if (o.article() != null) param(xml, "article", "Артикул", o.article());
        for (Map.Entry<String, String> option : o.options().entrySet()) {
            param(xml, option.getKey(), OPTION_NAMES.getOrDefault(option.getKey(), option.getKey()), option.getValue());
        }
        String vendor = vendors.get(p.vendorId());
        if (vendor != null) element(xml, "vendor", vendor);
        xml.writeEmptyElement("unit");
        xml.writeAttribute("code", "pcs");
        xml.writeAttribute("name", "Штука");
        xml.writeAttribute("sym", "шт.");
        if (o.weight() != null && o.weight().signum() > 0) {
            BigDecimal kg = o.weight().multiply(s.gramsPerWeightUnit()).divide(BigDecimal.valueOf(1000), 6, RoundingMode.HALF_UP);
            element(xml, "weight", kg.stripTrailingZeros().toPlainString());
        }
        xml.writeEndElement();
    }

    private static void param(XMLStreamWriter xml, String code, String name, String value) throws XMLStreamException {
        if (value == null || value.isBlank()) return;
        xml.writeStartElement("param");
        xml.writeAttribute("name", clean(name));
        xml.writeAttribute("code", clean(code));
        xml.writeCharacters(clean(value));
        xml.writeEndElement();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(clean(text));
        xml.writeEndElement();
    }

    /** The site's address and a path of it, with one slash between them. */
    private static String join(String site, String path) {
        return site.replaceAll("/+$", "") + "/" + path.replaceAll("^/+", "");
    }

    /** Text without the characters XML 1.0 cannot carry (control characters a manager pasted into a title). */
    static String clean(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                || c >= 0x10000 && c <= 0x10FFFF).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** Carries the first writing failure out of a callback, which cannot throw it. */
    private static final class Failing {
        private XMLStreamException failure;

        interface Step {
            void run() throws XMLStreamException;
        }

        void run(Step step) {
            if (failure != null) return;
            try {
                step.run();
            } catch (XMLStreamException e) {
                failure = e;
            }
        }

        void rethrow() throws XMLStreamException {
            if (failure != null) throw failure;
        }
    }
}
